using Amazon.Runtime;
using Amazon.Runtime.Credentials.Internal;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace Honeytoken.Grains.Aws.Runtime;

/// <summary>
/// Pipeline step that selects SigV4 for every operation. The base handler then binds the client's
/// credentials and the SDK's AWS4 signer to the request, which the Signer step applies.
/// </summary>
internal sealed class SigV4AuthSchemeHandler : BaseAuthResolverHandler
{
    protected override List<IAuthSchemeOption> ResolveAuthOptions(IExecutionContext executionContext) =>
        AuthSchemeOption.DEFAULT_SIGV4;
}
