using Amazon.Util.Internal;
using Honeytoken.Grains.Aws.Runtime;
using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Aws.Organizations;

/// <summary>
/// Configuration of <see cref="OrganizationsClient"/>: Organizations is served from us-east-1 and
/// signs SigV4 with the name "organizations".
/// </summary>
public sealed class OrganizationsClientConfig : AwsServiceClientConfig
{
    /// <summary>Prefix of the X-Amz-Target header, the JSON protocol's operation selector.</summary>
    public const string TargetPrefix = "AWSOrganizationsV20161128";

    /// <summary>SigV4 signing region of Organizations.</summary>
    public const string SigningRegion = "us-east-1";

    private static readonly string UserAgentString = InternalSDKUtils.BuildUserAgentString("Organizations", "1.0.0");

    /// <summary>Creates the configuration of an Organizations client that calls <paramref name="endpoint"/>.</summary>
    public OrganizationsClientConfig(Uri endpoint, AwsRetryOptions retry, TimeProvider timeProvider, ILogger logger)
        : base("Organizations", "organizations", SigningRegion, endpoint, retry, timeProvider, logger)
    {
    }

    /// <inheritdoc />
    public override string RegionEndpointServiceName => "organizations";

    /// <inheritdoc />
    public override string ServiceVersion => "2016-11-28";

    /// <inheritdoc />
    public override string UserAgent => UserAgentString;
}
