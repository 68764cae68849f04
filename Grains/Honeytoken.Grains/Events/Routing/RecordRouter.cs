using System.Diagnostics;
using Honeytoken.Grains.Health;
using Honeytoken.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Events.Routing;

/// <summary>What happened to one CloudTrail record.</summary>
public enum RouteOutcome
{
    /// <summary>Not a key use: a service event, an Insights event, a console sign-in without a honeytoken key.</summary>
    NotKeyUse,

    /// <summary>An API call by an identity that no honeytoken owns; counted and dropped.</summary>
    NotOwned,

    /// <summary>Stored as a new event of a honeytoken.</summary>
    Stored,

    /// <summary>Stored already; the channel was merged into the stored event.</summary>
    Merged,

    /// <summary>A call signed with the health monitor's probe key, handed to the monitor.</summary>
    HealthProbe,
}

/// <summary>
/// Decides which honeytoken a CloudTrail record belongs to, through <see cref="IAccessKeyRouteGrain"/>
/// lookups, and has the token's grain store it.
/// </summary>
/// <remarks>
/// The lookups follow the order of <see cref="HoneytokenIdentityIndex"/>: the access key id
/// (the token's own, or a temporary key minted with it), then the user ARN and the session
/// issuer's ARN, then the principal ids. Temporary credentials minted by a honeytoken
/// (<c>GetSessionToken</c>, <c>GetFederationToken</c>, <c>AssumeRole</c>) carry a new key; it is
/// routed to the token before the minting record is stored, so later records find it.
/// </remarks>
public sealed class RecordRouter(
    IGrainFactory grainFactory,
    RouteCache cache,
    TimeProvider timeProvider,
    HoneytokenMetrics metrics,
    ILogger<RecordRouter> logger)
{
    private long _notOwned;

    /// <summary>The number of API calls by identities that no honeytoken owns, since the silo started.</summary>
    public long NotOwnedCount => Interlocked.Read(ref _notOwned);

    /// <summary>Routes and stores one record. Throws when storage is unavailable.</summary>
    public async Task<RouteOutcome> RouteAsync(CloudTrailRecord record, string channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);

        var started = timeProvider.GetTimestamp();
        var kind = CloudTrailRecordClassifier.Classify(record);
        if (kind is not (CloudTrailRecordKind.ApiCall or CloudTrailRecordKind.ConsoleSignIn))
        {
            return RouteOutcome.NotKeyUse;
        }

        var (tokenId, match) = await ResolveAsync(record.UserIdentity);
        if (tokenId is not Guid token)
        {
            if (kind == CloudTrailRecordKind.ApiCall && await HealthMonitorOfAsync(record.UserIdentity?.AccessKeyId) is { } installationId)
            {
                var observation = new ProbeEventObservation(channel, record.RequestId, record.EventId, record.EventTime, timeProvider.GetUtcNow());
                await grainFactory.GetGrain<IHealthMonitorGrain>(installationId).ObserveProbeEventAsync(observation);
                return RouteOutcome.HealthProbe;
            }

            if (kind == CloudTrailRecordKind.ApiCall)
            {
                Interlocked.Increment(ref _notOwned);
                return RouteOutcome.NotOwned;
            }

            return RouteOutcome.NotKeyUse;
        }

        // A console sign-in names the user, but only a sign-in with the token's key is its use.
        if (kind == CloudTrailRecordKind.ConsoleSignIn && match is not (AttributionMatch.AccessKey or AttributionMatch.DerivedAccessKey))
        {
            return RouteOutcome.NotKeyUse;
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (MintedAccessKeyId(record) is { } derived)
        {
            var routeKey = AccessKeyRoutes.ForAccessKey(derived);
            await grainFactory.GetGrain<IAccessKeyRouteGrain>(routeKey).SetTokenAsync(token);
            cache.Set(routeKey, token);
            IngestionLog.DerivedKeyRouted(logger, derived, token, record.EventName);
        }

        var report = HoneytokenEventReportBuilder.Build(record, match, channel, timeProvider.GetUtcNow());
        EventRecordOutcome outcome;
        using (var activity = HoneytokenActivitySource.Instance.StartActivity("store honeytoken event", ActivityKind.Internal))
        {
            // The token id is an internal id, safe in a span; key ids and ARNs stay out.
            activity?.SetTag("honeytoken.channel", channel);
            activity?.SetTag("honeytoken.id", token);
            activity?.SetTag("honeytoken.event.action", report.Action);
            outcome = await grainFactory.GetGrain<IHoneytokenEventsGrain>(token).RecordEventAsync(report);
            activity?.SetTag("honeytoken.event.outcome", outcome.ToString());
        }

        metrics.EventAttributed(channel, outcome);
        if (outcome == EventRecordOutcome.Stored)
        {
            metrics.EventStored(channel, timeProvider.GetElapsedTime(started));
        }

        return outcome == EventRecordOutcome.Stored ? RouteOutcome.Stored : RouteOutcome.Merged;
    }

    /// <summary>
    /// Decides a record's outcome from the cache alone when it is <see cref="RouteOutcome.NotKeyUse"/>
    /// or <see cref="RouteOutcome.NotOwned"/>, which most records of a log file are. Returns
    /// false when the record may belong to a honeytoken or a health monitor, or when a lookup
    /// is not cached; <see cref="RouteAsync"/> must then route it.
    /// </summary>
    /// <remarks>
    /// A caller can so drop a record parsed without its raw JSON, and parse in full only the
    /// records that <see cref="RouteAsync"/> may store. The outcome counts as
    /// <see cref="RouteAsync"/> would count it.
    /// </remarks>
    public bool TryRouteFromCache(CloudTrailRecord record, out RouteOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(record);

        var kind = CloudTrailRecordClassifier.Classify(record);
        if (kind is not (CloudTrailRecordKind.ApiCall or CloudTrailRecordKind.ConsoleSignIn))
        {
            outcome = RouteOutcome.NotKeyUse;
            return true;
        }

        outcome = default;
        var identity = record.UserIdentity;
        if (identity is not null
            && (!IsCachedAsUnowned(identity.AccessKeyId, AccessKeyRoutes.AccessKeyPrefix)
                || !IsCachedAsUnowned(identity.Arn, AccessKeyRoutes.PrincipalArnPrefix)
                || !IsCachedAsUnowned(identity.SessionIssuer?.Arn, AccessKeyRoutes.PrincipalArnPrefix)
                || !IsCachedAsUnowned(identity.PrincipalId, AccessKeyRoutes.PrincipalIdPrefix)
                || !IsCachedAsUnowned(identity.SessionIssuer?.PrincipalId, AccessKeyRoutes.PrincipalIdPrefix)))
        {
            return false;
        }

        if (kind == CloudTrailRecordKind.ConsoleSignIn)
        {
            outcome = RouteOutcome.NotKeyUse;
            return true;
        }

        var accessKeyId = identity?.AccessKeyId;
        if (!string.IsNullOrWhiteSpace(accessKeyId)
            && !(cache.TryGetHealthMonitor(AccessKeyRoutes.AccessKeyPrefix, accessKeyId, out var installationId) && installationId is null))
        {
            return false;
        }

        Interlocked.Increment(ref _notOwned);
        outcome = RouteOutcome.NotOwned;
        return true;
    }

    private bool IsCachedAsUnowned(string? identifier, string routePrefix) =>
        string.IsNullOrWhiteSpace(identifier) || (cache.TryGet(routePrefix, identifier, out var tokenId) && tokenId is null);

    private async Task<(Guid? TokenId, AttributionMatch Match)> ResolveAsync(CloudTrailUserIdentity? identity)
    {
        if (identity is null)
        {
            return (null, AttributionMatch.None);
        }

        if (await LookUpAsync(identity.AccessKeyId, AccessKeyRoutes.ForAccessKey) is Guid byKey)
        {
            // The route does not say whether the key is long-term; temporary keys start with ASIA.
            var isTemporary = identity.AccessKeyId!.StartsWith("ASIA", StringComparison.Ordinal);
            return (byKey, isTemporary ? AttributionMatch.DerivedAccessKey : AttributionMatch.AccessKey);
        }

        if (await LookUpAsync(identity.Arn, AccessKeyRoutes.ForPrincipalArn) is Guid byArn)
        {
            return (byArn, AttributionMatch.PrincipalArn);
        }

        if (await LookUpAsync(identity.SessionIssuer?.Arn, AccessKeyRoutes.ForPrincipalArn) is Guid byIssuerArn)
        {
            return (byIssuerArn, AttributionMatch.SessionIssuerArn);
        }

        if (await LookUpAsync(identity.PrincipalId, AccessKeyRoutes.ForPrincipalId) is Guid byPrincipalId)
        {
            return (byPrincipalId, AttributionMatch.PrincipalId);
        }

        if (await LookUpAsync(identity.SessionIssuer?.PrincipalId, AccessKeyRoutes.ForPrincipalId) is Guid byIssuerId)
        {
            return (byIssuerId, AttributionMatch.SessionIssuerPrincipalId);
        }

        return (null, AttributionMatch.None);
    }

    private async Task<Guid?> LookUpAsync(string? identifier, Func<string, string> routeKey)
    {
        // Blank ids never match: failed console sign-ins carry an empty accessKeyId.
        if (string.IsNullOrWhiteSpace(identifier))
        {
            return null;
        }

        var key = routeKey(identifier);
        if (cache.TryGet(key, out var cached))
        {
            return cached;
        }

        var tokenId = await grainFactory.GetGrain<IAccessKeyRouteGrain>(key).GetTokenAsync();
        cache.Set(key, tokenId);
        return tokenId;
    }

    // Only keys that no honeytoken owns get here, so honeytoken events cost no extra call. The
    // result is cached because most records of a busy log file are such keys, and a grain
    // call per record would bound a file's throughput.
    private async Task<string?> HealthMonitorOfAsync(string? accessKeyId)
    {
        if (string.IsNullOrWhiteSpace(accessKeyId))
        {
            return null;
        }

        var key = AccessKeyRoutes.ForAccessKey(accessKeyId);
        if (cache.TryGetHealthMonitor(key, out var cached))
        {
            return cached;
        }

        var installationId = await grainFactory.GetGrain<IAccessKeyRouteGrain>(key).GetHealthMonitorAsync();
        cache.SetHealthMonitor(key, installationId);
        return installationId;
    }

    private static string? MintedAccessKeyId(CloudTrailRecord record)
    {
        if (string.IsNullOrWhiteSpace(record.IssuedAccessKeyId) || record.ErrorCode is not null)
        {
            return null;
        }

        return record.EventName is "GetSessionToken" or "GetFederationToken" or "AssumeRole"
            ? record.IssuedAccessKeyId
            : null;
    }
}
