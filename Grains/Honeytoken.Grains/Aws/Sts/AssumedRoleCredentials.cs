using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Aws.Sts;

/// <summary>
/// Temporary credentials of a role, obtained with STS AssumeRole and cached until shortly before
/// they expire. Built on the SDK's <see cref="RefreshingAWSCredentials"/>: from
/// <see cref="RefreshWindow"/> before expiry a background refresh runs while the cached credentials
/// stay in use, and a caller that arrives within one minute of expiry waits for a new AssumeRole.
/// </summary>
public sealed class AssumedRoleCredentials : RefreshingAWSCredentials
{
    /// <summary>Time before expiry at which a background refresh starts.</summary>
    public static readonly TimeSpan RefreshWindow = TimeSpan.FromMinutes(5);

    private readonly IAmazonSecurityTokenService _sts;
    private readonly bool _ownsStsClient;
    private readonly string _roleArn;
    private readonly string? _externalId;
    private readonly string _sessionName;
    private readonly TimeSpan _duration;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    /// <summary>Creates credentials that assume <paramref name="roleArn"/> through <paramref name="sts"/> on first use.</summary>
    /// <param name="sts">STS client that signs with the source credentials.</param>
    /// <param name="ownsStsClient">True to dispose <paramref name="sts"/> with these credentials.</param>
    /// <param name="roleArn">ARN of the role to assume.</param>
    /// <param name="externalId">External id that the role's trust policy requires, or null. Not logged.</param>
    /// <param name="sessionName">Role session name, which CloudTrail records with every call.</param>
    /// <param name="duration">Requested lifetime of the credentials (STS accepts 15 minutes up to the role's maximum, and at most one hour when a role assumes a role).</param>
    /// <param name="timeProvider">Clock that decides when the credentials expire.</param>
    /// <param name="logger">Logger of role assumptions, which never receives a secret.</param>
    public AssumedRoleCredentials(
        IAmazonSecurityTokenService sts,
        bool ownsStsClient,
        string roleArn,
        string? externalId,
        string sessionName,
        TimeSpan duration,
        TimeProvider timeProvider,
        ILogger logger)
        : base(new SdkTimeProvider(timeProvider ?? throw new ArgumentNullException(nameof(timeProvider))))
    {
        ArgumentNullException.ThrowIfNull(sts);
        ArgumentException.ThrowIfNullOrEmpty(roleArn);
        ArgumentException.ThrowIfNullOrEmpty(sessionName);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.FromMinutes(15));

        _sts = sts;
        _ownsStsClient = ownsStsClient;
        _roleArn = roleArn;
        _externalId = externalId;
        _sessionName = sessionName;
        _duration = duration;
        _clock = timeProvider;
        _logger = logger;
        PreemptExpiryTime = RefreshWindow;
    }

    /// <summary>ARN of the assumed role.</summary>
    public string RoleArn => _roleArn;

    /// <inheritdoc />
    protected override CredentialsRefreshState GenerateNewCredentials() =>
        GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    /// <inheritdoc />
    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var request = new AssumeRoleRequest
        {
            RoleArn = _roleArn,
            RoleSessionName = _sessionName,
            ExternalId = _externalId,
            DurationSeconds = (int)_duration.TotalSeconds,
        };

        AssumeRoleResponse response;
        try
        {
            // The SDK's credential interface takes no cancellation token, so the STS client's own
            // timeouts and retries bound the call.
            response = await _sts.AssumeRoleAsync(request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AmazonServiceException exception)
        {
            AwsLog.AssumeRoleFailed(_logger, exception, _roleArn, _sessionName);
            throw;
        }

        Credentials credentials = response.Credentials
            ?? throw new AmazonClientException($"STS AssumeRole for {_roleArn} returned no credentials.");
        DateTime expiration = credentials.Expiration?.ToUniversalTime()
            ?? throw new AmazonClientException($"STS AssumeRole for {_roleArn} returned credentials without an expiration.");

        AwsLog.AssumedRole(_logger, _roleArn, _sessionName, credentials.AccessKeyId, expiration);

        var immutable = new ImmutableCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken);
        return new CredentialsRefreshState(immutable, expiration, new SdkTimeProvider(_clock));
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing && _ownsStsClient)
        {
            _sts.Dispose();
        }

        base.Dispose(disposing);
    }
}
