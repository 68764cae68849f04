using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;
using Honeytoken.Grains.Aws.Iam;
using Honeytoken.Grains.Aws.Organizations;
using Honeytoken.Grains.Aws.S3;
using Honeytoken.Grains.Aws.Sts;
using Honeytoken.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Aws;

/// <summary>
/// Builds the AWS clients of the service from the validated endpoint and retry options. Each method
/// returns a new client that the caller disposes, and <see cref="OpenSession"/> returns a session that
/// caches the clients of one installation.
/// </summary>
public sealed class AwsClientFactory
{
    /// <summary>Signing region of the global STS endpoint.</summary>
    public const string GlobalStsRegion = "us-east-1";

    /// <summary>Lifetime requested for assumed-role credentials, the maximum that role chaining allows.</summary>
    public static readonly TimeSpan AssumedRoleDuration = TimeSpan.FromHours(1);

    private readonly AwsEndpointOptions _endpoints;
    private readonly AwsRetryOptions _retry;
    private readonly TimeProvider _timeProvider;
    private readonly ILoggerFactory _loggerFactory;
    private readonly HoneytokenMetrics? _metrics;

    /// <summary>Creates a factory. Its clients count their calls in <paramref name="metrics"/> when one is given.</summary>
    public AwsClientFactory(
        IOptions<AwsEndpointOptions> endpoints,
        IOptions<AwsRetryOptions> retry,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        HoneytokenMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(retry);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);

        _endpoints = endpoints.Value;
        _retry = retry.Value;
        _timeProvider = timeProvider;
        _loggerFactory = loggerFactory;
        _metrics = metrics;
    }

    /// <summary>Endpoints that the clients call.</summary>
    public AwsEndpointOptions Endpoints => _endpoints;

    /// <summary>Creates an STS client on the global endpoint, or on the regional one of the log region.</summary>
    public AmazonSecurityTokenServiceClient CreateStsClient(AWSCredentials credentials, bool regional = false)
    {
        ArgumentNullException.ThrowIfNull(credentials);

        var config = new AmazonSecurityTokenServiceConfig
        {
            DefaultConfigurationMode = DefaultConfigurationMode.Standard,
            IgnoreConfiguredEndpointUrls = true,
            ServiceURL = (regional ? _endpoints.StsRegional : _endpoints.Sts).AbsoluteUri,
            AuthenticationRegion = regional ? _endpoints.LogRegion : GlobalStsRegion,
        };
        return CountCalls(new AmazonSecurityTokenServiceClient(credentials, config), "STS");
    }

    /// <summary>Creates an IAM client that signs with <paramref name="credentials"/>.</summary>
    public IamClient CreateIamClient(AWSCredentials credentials) =>
        CountCalls(new IamClient(credentials, new IamClientConfig(_endpoints.Iam, _retry, _timeProvider, _loggerFactory.CreateLogger<IamClient>())), "IAM");

    /// <summary>Creates an Organizations client that signs with <paramref name="credentials"/>.</summary>
    public OrganizationsClient CreateOrganizationsClient(AWSCredentials credentials) =>
        CountCalls(new OrganizationsClient(credentials, new OrganizationsClientConfig(_endpoints.Organizations, _retry, _timeProvider, _loggerFactory.CreateLogger<OrganizationsClient>())), "Organizations");

    /// <summary>
    /// Creates an S3 client for reading the log bucket through its access point: pass the access
    /// point ARN as the bucket name. <paramref name="httpClientFactory"/> replaces the SDK's HTTP
    /// clients, for example to route requests through a test server.
    /// </summary>
    public AmazonS3Client CreateS3Client(AWSCredentials credentials, HttpClientFactory? httpClientFactory = null)
    {
        ArgumentNullException.ThrowIfNull(credentials);
        return CountCalls(new AmazonS3Client(credentials, S3ClientConfigBuilder.Build(_endpoints, httpClientFactory)), "S3");
    }

    /// <summary>
    /// Creates credentials that assume <paramref name="roleArn"/> from <paramref name="sourceCredentials"/>
    /// through the global STS endpoint, and refresh before they expire.
    /// </summary>
    public AssumedRoleCredentials CreateAssumedRoleCredentials(AWSCredentials sourceCredentials, string roleArn, string? externalId, string sessionName) =>
        new(
            CreateStsClient(sourceCredentials),
            ownsStsClient: true,
            roleArn,
            externalId,
            sessionName,
            AssumedRoleDuration,
            _timeProvider,
            _loggerFactory.CreateLogger<AssumedRoleCredentials>());

    /// <summary>Opens a session that reaches the organization described by <paramref name="settings"/>.</summary>
    public AwsAccountSession OpenSession(AwsAccessSettings settings) => new(this, settings);

    /// <summary>
    /// Counts the calls of <paramref name="client"/> in <see cref="HoneytokenMetrics"/>. Every client
    /// of the service comes from this factory, so this is the one place that observes AWS calls.
    /// </summary>
    /// <remarks>
    /// In AWSSDK.Core 4.1 the response event fires once per successful call, inside the retry
    /// step after a response was read without error, and the exception event fires once per
    /// failed call, outside the retry step. Each call is therefore counted once, with its final
    /// outcome, whatever number of attempts it took.
    /// </remarks>
    private T CountCalls<T>(T client, string service)
        where T : AmazonServiceClient
    {
        if (_metrics is not { } metrics)
        {
            return client;
        }

        client.AfterResponseEvent += (_, args) =>
            metrics.AwsCallCompleted(service, OperationName((args as WebServiceResponseEventArgs)?.Request), errorType: null);
        client.ExceptionEvent += (_, args) =>
        {
            var exception = (args as WebServiceExceptionEventArgs)?.Exception;
            var errorType = exception switch
            {
                AmazonServiceException { ErrorCode: { Length: > 0 } code } => code,
                null => "unknown",
                _ => exception.GetType().Name,
            };
            metrics.AwsCallCompleted(service, OperationName((args as WebServiceExceptionEventArgs)?.Request), errorType);
        };
        return client;
    }

    // The SDK's request classes are named after their operation, such as AssumeRoleRequest.
    private static string OperationName(AmazonWebServiceRequest? request)
    {
        var name = request?.GetType().Name;
        if (name is null)
        {
            return "unknown";
        }

        return name.EndsWith("Request", StringComparison.Ordinal) ? name[..^"Request".Length] : name;
    }
}
