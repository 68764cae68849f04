using Amazon;
using Honeytoken.Grains.Aws;
using Honeytoken.Grains.Setup;
using Honeytoken.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Health;

/// <summary>
/// Builds AWS client factories for the health checks from a configuration's endpoints. The
/// checks use new clients and new role credentials on every run: the cached sessions of the
/// other grains would hide a role that can no longer be assumed for up to an hour.
/// </summary>
public sealed class HealthAwsClients(
    IOptions<AwsEndpointOptions> siloEndpoints,
    IOptions<AwsRetryOptions> retry,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    HoneytokenMetrics metrics)
{
    // A health check reports a failure within seconds instead of retrying it for minutes.
    private const int MaxAttempts = 3;

    /// <summary>Returns a factory whose clients call the endpoints of <paramref name="configuration"/>.</summary>
    public AwsClientFactory For(HoneytokenConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var endpoints = configuration.Endpoints;
        var logRegion = Arn.TryParse(configuration.Logs.AccessPointArn, out var accessPoint) ? accessPoint.Region : "us-west-2";
        return new AwsClientFactory(
            Options.Create(new AwsEndpointOptions
            {
                Sts = endpoints.Sts,
                StsRegional = endpoints.RegionalSts,
                Iam = endpoints.Iam,
                S3AccessPoint = endpoints.S3AccessPoint,
                Organizations = endpoints.Organizations,
                LogRegion = logRegion,
                S3Proxy = siloEndpoints.Value.S3Proxy,
            }),
            Options.Create(new AwsRetryOptions
            {
                MaxAttempts = Math.Min(MaxAttempts, retry.Value.MaxAttempts),
                BaseDelay = retry.Value.BaseDelay,
                MaxDelay = retry.Value.MaxDelay,
            }),
            timeProvider,
            loggerFactory,
            metrics);
    }

    /// <summary>The S3 proxy of this silo, which the node checks reach instead of the access point host.</summary>
    public Uri? S3Proxy => siloEndpoints.Value.S3Proxy;
}
