namespace Honeytoken.Grains.Aws;

/// <summary>
/// Endpoints of the AWS services that the service calls. Each defaults to the real AWS endpoint;
/// the local profile and the tests point them at the AWS emulator.
/// </summary>
public sealed class AwsEndpointOptions
{
    /// <summary>Configuration section that binds these options.</summary>
    public const string SectionName = "Aws:Endpoints";

    /// <summary>
    /// Global STS endpoint that assumes the management role and the member account roles.
    /// Requests are signed for us-east-1. Default: https://sts.amazonaws.com.
    /// </summary>
    public Uri Sts { get; set; } = new("https://sts.amazonaws.com");

    /// <summary>
    /// Regional STS endpoint in <see cref="LogRegion"/>, for calls that stay in the region of the
    /// CloudTrail logs. Default: https://sts.us-west-2.amazonaws.com.
    /// </summary>
    public Uri StsRegional { get; set; } = new("https://sts.us-west-2.amazonaws.com");

    /// <summary>IAM endpoint. IAM is global and signs for us-east-1. Default: https://iam.amazonaws.com.</summary>
    public Uri Iam { get; set; } = new("https://iam.amazonaws.com");

    /// <summary>
    /// S3 access point endpoint of <see cref="LogRegion"/>. When its host is the AWS access point
    /// host of that region, the SDK builds the per-access-point host from the access point ARN.
    /// Any other host is used as the S3 service URL. Default: https://s3-accesspoint.us-west-2.amazonaws.com.
    /// </summary>
    public Uri S3AccessPoint { get; set; } = new("https://s3-accesspoint.us-west-2.amazonaws.com");

    /// <summary>
    /// Organizations endpoint. Organizations is served from us-east-1 and signs for it.
    /// Default: https://organizations.us-east-1.amazonaws.com.
    /// </summary>
    public Uri Organizations { get; set; } = new("https://organizations.us-east-1.amazonaws.com");

    /// <summary>
    /// Region of the log bucket access point and of <see cref="StsRegional"/>. Default: us-west-2.
    /// </summary>
    public string LogRegion { get; set; } = "us-west-2";

    /// <summary>
    /// Optional HTTP proxy for S3 requests, or null for direct connections. The AWS emulator
    /// accepts proxy-style requests, which lets the S3 client keep the real access point host
    /// (set <see cref="S3AccessPoint"/> to http://s3-accesspoint.us-west-2.amazonaws.com and this
    /// to the emulator's URL). Default: null.
    /// </summary>
    public Uri? S3Proxy { get; set; }
}
