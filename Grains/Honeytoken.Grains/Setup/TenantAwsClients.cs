using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Honeytoken.Grains.Aws;
using Honeytoken.Grains.Aws.Iam;
using Honeytoken.Grains.Aws.Organizations;
using Honeytoken.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Setup;

/// <summary>
/// Builds an <see cref="AwsAccountSession"/> per uploaded configuration, with the endpoints of
/// the file. The silo's <c>Aws:Endpoints</c> settings contribute only the S3 proxy, which the
/// local profile uses to reach access point host names on the emulator.
/// </summary>
public sealed class TenantAwsClients : ITenantAwsClients, IDisposable
{
    private readonly IOptions<AwsEndpointOptions> siloEndpoints;
    private readonly IOptions<AwsRetryOptions> retry;
    private readonly TimeProvider timeProvider;
    private readonly ILoggerFactory loggerFactory;
    private readonly HoneytokenMetrics metrics;

    // Keyed by a hash of everything that shapes a session, secrets included, so a new upload
    // gets new credentials. NOTE: sessions of replaced configurations stay until the silo
    // stops, because grains may still be using their clients; uploads are rare.
    private readonly ConcurrentDictionary<string, Lazy<AwsAccountSession>> sessions = new(StringComparer.Ordinal);

    public TenantAwsClients(
        IOptions<AwsEndpointOptions> siloEndpoints,
        IOptions<AwsRetryOptions> retry,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        HoneytokenMetrics metrics)
    {
        this.siloEndpoints = siloEndpoints;
        this.retry = retry;
        this.timeProvider = timeProvider;
        this.loggerFactory = loggerFactory;
        this.metrics = metrics;
    }

    public async Task<IReadOnlyList<ConfigurationError>> VerifyAsync(HoneytokenConfiguration configuration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        var session = SessionFor(configuration);
        try
        {
            await session.VerifyManagementAccessAsync(cancellationToken);
        }
        catch (AmazonServiceException exception)
        {
            return [RoleError(configuration, exception)];
        }
        catch (Exception exception) when (exception is AmazonClientException or HttpRequestException)
        {
            return [new("endpoints.sts", $"could not be reached ({exception.Message}). Check the STS endpoint and the network, then upload the file again.")];
        }

        try
        {
            await session.S3.ListObjectsV2Async(new ListObjectsV2Request
            {
                BucketName = configuration.Logs.AccessPointArn,
                Prefix = configuration.Logs.Prefix,
                MaxKeys = 1,
            }, cancellationToken);
        }
        catch (AmazonServiceException exception)
        {
            return [AccessPointError(configuration, exception)];
        }
        catch (Exception exception) when (exception is AmazonClientException or HttpRequestException)
        {
            return [new("endpoints.s3_access_point", $"could not be reached ({exception.Message}). Check the S3 access point endpoint and the network, then upload the file again.")];
        }

        return [];
    }

    public IOrganizationsClient Organizations(HoneytokenConfiguration configuration) => SessionFor(configuration).Organizations;

    public IIamClient Iam(HoneytokenConfiguration configuration, string accountId) => SessionFor(configuration).IamFor(accountId);

    public IAmazonS3 LogBucket(HoneytokenConfiguration configuration) => SessionFor(configuration).S3;

    public void Dispose()
    {
        foreach (var session in sessions.Values.Where(session => session.IsValueCreated))
        {
            session.Value.Dispose();
        }
    }

    private AwsAccountSession SessionFor(HoneytokenConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return sessions.GetOrAdd(SessionKey(configuration), _ => new Lazy<AwsAccountSession>(() => OpenSession(configuration))).Value;
    }

    private AwsAccountSession OpenSession(HoneytokenConfiguration configuration)
    {
        var endpoints = configuration.Endpoints;
        var logRegion = Arn.TryParse(configuration.Logs.AccessPointArn, out var accessPoint) ? accessPoint.Region : "us-west-2";
        var factory = new AwsClientFactory(
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
            retry,
            timeProvider,
            loggerFactory,
            metrics);

        return factory.OpenSession(new AwsAccessSettings
        {
            BootstrapAccessKeyId = configuration.BootstrapCredentials.AccessKeyId,
            BootstrapSecretAccessKey = configuration.BootstrapCredentials.SecretAccessKey,
            ManagementRoleArn = configuration.ManagementRole.Arn,
            ExternalId = configuration.ManagementRole.ExternalId,
            MemberRoleName = configuration.Organization.MemberRoleName,
        });
    }

    private static ConfigurationError RoleError(HoneytokenConfiguration configuration, AmazonServiceException exception) => exception.ErrorCode switch
    {
        "InvalidClientTokenId" or "SignatureDoesNotMatch" or "UnrecognizedClientException" => new(
            "bootstrap_credentials",
            $"were rejected by STS ({exception.ErrorCode}). Check that access_key_id and secret_access_key belong to an active IAM key, then upload the file again."),
        "AccessDenied" or "AccessDeniedException" => new(
            "management_role.external_id",
            $"did not let the bootstrap credentials assume {configuration.ManagementRole.Arn}: STS returned AccessDenied. " +
            "Check that external_id matches the sts:ExternalId condition of the role's trust policy, and that the policy trusts the bootstrap credentials' account."),
        _ => new(
            "management_role.arn",
            $"could not be assumed: STS returned {exception.ErrorCode}: {exception.Message} Check the role ARN, then upload the file again."),
    };

    private static ConfigurationError AccessPointError(HoneytokenConfiguration configuration, AmazonServiceException exception) => exception.ErrorCode switch
    {
        "NoSuchAccessPoint" or "NoSuchBucket" => new(
            "logs.access_point_arn",
            $"names an access point that does not exist ({exception.ErrorCode}): {configuration.Logs.AccessPointArn}. Copy the ARN of the log bucket's access point from the S3 console."),
        "AccessDenied" => new(
            "logs.access_point_arn",
            "denied the management role s3:ListBucket. Allow the role to list and read the log prefix through the access point, then upload the file again."),
        _ => new(
            "logs.access_point_arn",
            $"could not be read: S3 returned {exception.ErrorCode}: {exception.Message}"),
    };

    private static string SessionKey(HoneytokenConfiguration configuration)
    {
        var text = string.Join('\n',
            configuration.BootstrapCredentials.AccessKeyId, configuration.BootstrapCredentials.SecretAccessKey,
            configuration.ManagementRole.Arn, configuration.ManagementRole.ExternalId, configuration.Organization.MemberRoleName,
            configuration.Logs.AccessPointArn, configuration.Endpoints.Sts, configuration.Endpoints.RegionalSts,
            configuration.Endpoints.Iam, configuration.Endpoints.S3AccessPoint, configuration.Endpoints.Organizations);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }
}
