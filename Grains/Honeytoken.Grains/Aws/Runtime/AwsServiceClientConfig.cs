using Amazon.Runtime;
using Amazon.Runtime.Endpoints;
using Amazon.Runtime.Internal;
using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Aws.Runtime;

/// <summary>
/// Client configuration shared by the project's own AWS service clients: one fixed endpoint,
/// a fixed SigV4 signing name and region, and the retry settings that the client's pipeline reads.
/// </summary>
/// <remarks>
/// The generated AWS SDK clients resolve endpoints through rule sets, but these clients always call
/// the configured URL, so <see cref="DetermineServiceOperationEndpoint"/> returns it as it is.
/// The defaults mode is fixed to Standard because the Auto mode may query EC2 instance metadata.
/// </remarks>
public abstract class AwsServiceClientConfig : ClientConfig
{
    private protected AwsServiceClientConfig(
        string serviceId,
        string signingName,
        string signingRegion,
        Uri endpoint,
        AwsRetryOptions retry,
        TimeProvider timeProvider,
        ILogger logger)
        : base(new DefaultConfigurationProvider(StandardDefaults()))
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);

        ServiceId = serviceId;
        AuthenticationServiceName = signingName;
        DefaultConfigurationMode = DefaultConfigurationMode.Standard;

        // Environment variables and profiles such as AWS_ENDPOINT_URL must not redirect these clients.
        IgnoreConfiguredEndpointUrls = true;
        ServiceURL = endpoint.AbsoluteUri;
        AuthenticationRegion = signingRegion;

        MaxErrorRetry = retry.MaxAttempts - 1;
        Retry = retry;
        TimeProvider = timeProvider;
        Logger = logger;
    }

    /// <summary>Retry settings that the client's retry policy applies.</summary>
    public AwsRetryOptions Retry { get; }

    /// <summary>Clock of the retry backoff.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Logger of retries.</summary>
    public ILogger Logger { get; }

    /// <inheritdoc />
    public override Endpoint DetermineServiceOperationEndpoint(ServiceOperationEndpointParameters parameters) =>
        new(ServiceURL);

    private static IEnumerable<IDefaultConfiguration> StandardDefaults()
    {
        // The provider looks a configuration up by mode name, so every mode maps to the same values.
        foreach (DefaultConfigurationMode mode in Enum.GetValues<DefaultConfigurationMode>())
        {
            yield return new DefaultConfiguration
            {
                Name = mode,
                RetryMode = RequestRetryMode.Standard,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                TlsNegotiationTimeout = TimeSpan.FromSeconds(5),
            };
        }
    }
}
