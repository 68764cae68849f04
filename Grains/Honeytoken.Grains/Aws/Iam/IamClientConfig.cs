using Amazon.Util.Internal;
using Honeytoken.Grains.Aws.Runtime;
using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Aws.Iam;

/// <summary>Configuration of <see cref="IamClient"/>: IAM is global and signs SigV4 for us-east-1 with the name "iam".</summary>
public sealed class IamClientConfig : AwsServiceClientConfig
{
    /// <summary>IAM API version that the query protocol sends in every request.</summary>
    public const string ApiVersion = "2010-05-08";

    /// <summary>SigV4 signing region of IAM.</summary>
    public const string SigningRegion = "us-east-1";

    private static readonly string UserAgentString = InternalSDKUtils.BuildUserAgentString("IAM", "1.0.0");

    /// <summary>Creates the configuration of an IAM client that calls <paramref name="endpoint"/>.</summary>
    public IamClientConfig(Uri endpoint, AwsRetryOptions retry, TimeProvider timeProvider, ILogger logger)
        : base("IAM", "iam", SigningRegion, endpoint, retry, timeProvider, logger)
    {
    }

    /// <inheritdoc />
    public override string RegionEndpointServiceName => "iam";

    /// <inheritdoc />
    public override string ServiceVersion => ApiVersion;

    /// <inheritdoc />
    public override string UserAgent => UserAgentString;
}
