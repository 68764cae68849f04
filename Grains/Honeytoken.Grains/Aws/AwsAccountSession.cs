using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Honeytoken.Grains.Aws.Iam;
using Honeytoken.Grains.Aws.Organizations;
using Honeytoken.Grains.Aws.Sts;

namespace Honeytoken.Grains.Aws;

/// <summary>
/// The clients of one installation's organization. The bootstrap credentials assume the management
/// role, and the management role assumes the member role of each account. Credentials and clients are
/// created on first use, cached per account, and refreshed by the SDK before they expire.
/// The session is thread-safe. Dispose it when the configuration changes.
/// </summary>
public sealed partial class AwsAccountSession : IDisposable
{
    private readonly AwsClientFactory _factory;
    private readonly AwsAccessSettings _settings;
    private readonly Arn _managementRole;
    private readonly AWSCredentials _bootstrapCredentials;
    private readonly Lazy<AssumedRoleCredentials> _managementCredentials;
    private readonly ConcurrentDictionary<string, Lazy<AssumedRoleCredentials>> _memberCredentials = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<IamClient>> _iamClients = new(StringComparer.Ordinal);
    private readonly Lazy<OrganizationsClient> _organizationsClient;
    private readonly Lazy<AmazonS3Client> _s3Client;
    private readonly Lazy<AmazonSecurityTokenServiceClient> _managementStsClient;
    private int _disposed;

    internal AwsAccountSession(AwsClientFactory factory, AwsAccessSettings settings)
    {
        ArgumentNullException.ThrowIfNull(factory);
        ArgumentNullException.ThrowIfNull(settings);

        if (!Arn.TryParse(settings.ManagementRoleArn, out Arn managementRole) || !IsAccountId(managementRole.AccountId))
        {
            throw new ArgumentException(
                $"Management role ARN '{settings.ManagementRoleArn}' is invalid; expected arn:aws:iam::<12-digit account id>:role/<name>.",
                nameof(settings));
        }

        if (!RoleNamePattern().IsMatch(settings.MemberRoleName))
        {
            throw new ArgumentException(
                $"Member role name '{settings.MemberRoleName}' is invalid; use 1 to 64 letters, digits or +=,.@_- characters.",
                nameof(settings));
        }

        _factory = factory;
        _settings = settings;
        _managementRole = managementRole;
        _bootstrapCredentials = settings.BootstrapSessionToken is null
            ? new BasicAWSCredentials(settings.BootstrapAccessKeyId, settings.BootstrapSecretAccessKey)
            : new SessionAWSCredentials(settings.BootstrapAccessKeyId, settings.BootstrapSecretAccessKey, settings.BootstrapSessionToken);

        _managementCredentials = new(() => factory.CreateAssumedRoleCredentials(
            _bootstrapCredentials, settings.ManagementRoleArn, settings.ExternalId, settings.SessionName));
        _organizationsClient = new(() => factory.CreateOrganizationsClient(ManagementCredentials));
        _s3Client = new(() => factory.CreateS3Client(ManagementCredentials));
        _managementStsClient = new(() => factory.CreateStsClient(ManagementCredentials));
    }

    /// <summary>Account id of the management role.</summary>
    public string ManagementAccountId => _managementRole.AccountId;

    /// <summary>Credentials of the management role, assumed from the bootstrap credentials.</summary>
    public AWSCredentials ManagementCredentials => _managementCredentials.Value;

    /// <summary>Organizations client with the management role's credentials.</summary>
    public IOrganizationsClient Organizations => _organizationsClient.Value;

    /// <summary>S3 client with the management role's credentials, for the log bucket access point.</summary>
    public IAmazonS3 S3 => _s3Client.Value;

    /// <summary>Builds the ARN of the member role in <paramref name="accountId"/>.</summary>
    public string MemberRoleArn(string accountId)
    {
        ThrowIfInvalidAccountId(accountId);
        return $"arn:{_managementRole.Partition}:iam::{accountId}:role/{_settings.MemberRoleName}";
    }

    /// <summary>
    /// Returns credentials for <paramref name="accountId"/>: the member role assumed with the
    /// management role's credentials, or the management role itself for the management account.
    /// </summary>
    public AWSCredentials CredentialsFor(string accountId)
    {
        ThrowIfInvalidAccountId(accountId);
        if (accountId == ManagementAccountId)
        {
            return ManagementCredentials;
        }

        return _memberCredentials.GetOrAdd(
            accountId,
            id => new Lazy<AssumedRoleCredentials>(() => _factory.CreateAssumedRoleCredentials(
                ManagementCredentials, MemberRoleArn(id), externalId: null, _settings.SessionName))).Value;
    }

    /// <summary>Returns the cached IAM client of <paramref name="accountId"/>.</summary>
    public IIamClient IamFor(string accountId)
    {
        ThrowIfInvalidAccountId(accountId);
        return _iamClients.GetOrAdd(accountId, id => new Lazy<IamClient>(() => _factory.CreateIamClient(CredentialsFor(id)))).Value;
    }

    /// <summary>
    /// Checks that the bootstrap credentials can assume the management role, by calling STS
    /// GetCallerIdentity with the role's credentials, and returns the assumed-role ARN.
    /// </summary>
    /// <exception cref="AmazonServiceException">STS rejected the role assumption or the call.</exception>
    public async Task<string> VerifyManagementAccessAsync(CancellationToken cancellationToken)
    {
        GetCallerIdentityResponse identity = await _managementStsClient.Value
            .GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken)
            .ConfigureAwait(false);
        return identity.Arn;
    }

    /// <summary>Disposes every client and credentials object created by this session.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (Lazy<IamClient> client in _iamClients.Values.Where(lazy => lazy.IsValueCreated))
        {
            client.Value.Dispose();
        }

        DisposeIfCreated(_organizationsClient);
        DisposeIfCreated(_s3Client);
        DisposeIfCreated(_managementStsClient);

        foreach (Lazy<AssumedRoleCredentials> credentials in _memberCredentials.Values.Where(lazy => lazy.IsValueCreated))
        {
            credentials.Value.Dispose();
        }

        DisposeIfCreated(_managementCredentials);
    }

    private static void DisposeIfCreated<T>(Lazy<T> lazy)
        where T : IDisposable
    {
        if (lazy.IsValueCreated)
        {
            lazy.Value.Dispose();
        }
    }

    private static bool IsAccountId(string? value) => value is { Length: 12 } && value.All(char.IsAsciiDigit);

    private static void ThrowIfInvalidAccountId(string accountId)
    {
        if (!IsAccountId(accountId))
        {
            throw new ArgumentException($"Account id '{accountId}' is invalid; expected 12 digits.", nameof(accountId));
        }
    }

    [GeneratedRegex(@"^[\w+=,.@-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex RoleNamePattern();
}
