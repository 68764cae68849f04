using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Honeytokens;

/// <summary>Log messages of the honeytoken and key pool grains. Event ids 5000–5099 belong to this class.</summary>
internal static partial class HoneytokenLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Honeytoken {TokenId} claimed IAM user {UserName} in account {AccountId} (candidate {Attempt})")]
    public static partial void ClaimedUserName(ILogger logger, Guid tokenId, string userName, string accountId, int attempt);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Honeytoken {TokenId} adopted IAM user {UserName} in account {AccountId}, which an earlier attempt created")]
    public static partial void AdoptedUser(ILogger logger, Guid tokenId, string userName, string accountId);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Honeytoken {TokenId} found IAM user {UserName} in account {AccountId} created at {CreatedAt:O}, before its claim; it belongs to someone else, so the token tries another name")]
    public static partial void ForeignUser(ILogger logger, Guid tokenId, string userName, string accountId, DateTimeOffset createdAt);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Honeytoken {TokenId} deleted access key {AccessKeyId} of IAM user {UserName}, which an earlier attempt created but never recorded")]
    public static partial void DeletedUnrecordedKey(ILogger logger, Guid tokenId, string accessKeyId, string userName);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Debug, Message = "Honeytoken {TokenId} is pooled with access key {AccessKeyId} of IAM user {UserName} in account {AccountId}")]
    public static partial void Pooled(ILogger logger, Guid tokenId, string accessKeyId, string userName, string accountId);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Provisioning honeytoken {TokenId} failed (failure {Failures} of {MaxFailures}); the set-up grain retries it")]
    public static partial void ProvisioningRetry(ILogger logger, Exception exception, Guid tokenId, int failures, int maxFailures);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Information, Message = "Provisioning honeytoken {TokenId} was throttled by IAM after the client's retries; the set-up grain retries it without counting a failure")]
    public static partial void ProvisioningThrottled(ILogger logger, Exception exception, Guid tokenId);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Error, Message = "Provisioning honeytoken {TokenId} failed for good: {Reason}")]
    public static partial void ProvisioningFailed(ILogger logger, Guid tokenId, string reason);

    [LoggerMessage(EventId = 5010, Level = LogLevel.Information, Message = "Honeytoken {TokenId} handed out by {ActorKind} {ActorId}")]
    public static partial void Assigned(ILogger logger, Guid tokenId, Auditing.ActorKind actorKind, string actorId);

    [LoggerMessage(EventId = 5011, Level = LogLevel.Information, Message = "Honeytoken {TokenId} triggered by event {EventKey} ({Action})")]
    public static partial void Triggered(ILogger logger, Guid tokenId, string eventKey, string action);

    [LoggerMessage(EventId = 5019, Level = LogLevel.Warning, Message = "Honeytoken {TokenId} found the {AlertAction} alert of event {EventKey} unsent, left by a silo that stopped after storing the event; sending it now")]
    public static partial void PendingAlertResumed(ILogger logger, Guid tokenId, string eventKey, string alertAction);

    [LoggerMessage(EventId = 5012, Level = LogLevel.Information, Message = "Honeytoken {TokenId} reset by {ActorKind} {ActorId}; {Archived} open events archived")]
    public static partial void Reset(ILogger logger, Guid tokenId, Auditing.ActorKind actorKind, string actorId, int archived);

    [LoggerMessage(EventId = 5013, Level = LogLevel.Information, Message = "Honeytoken {TokenId} revocation started by {ActorKind} {ActorId}")]
    public static partial void RevocationStarted(ILogger logger, Guid tokenId, Auditing.ActorKind actorKind, string actorId);

    [LoggerMessage(EventId = 5014, Level = LogLevel.Information, Message = "Honeytoken {TokenId} revoked: access key {AccessKeyId} and IAM user {UserName} deleted in account {AccountId}")]
    public static partial void Revoked(ILogger logger, Guid tokenId, string? accessKeyId, string? userName, string? accountId);

    [LoggerMessage(EventId = 5015, Level = LogLevel.Warning, Message = "Revoking honeytoken {TokenId} did not finish; a reminder retries it")]
    public static partial void RevocationRetry(ILogger logger, Exception exception, Guid tokenId);

    [LoggerMessage(EventId = 5016, Level = LogLevel.Information, Message = "Honeytoken {TokenId} updated by {ActorKind} {ActorId}")]
    public static partial void Updated(ILogger logger, Guid tokenId, Auditing.ActorKind actorKind, string actorId);

    [LoggerMessage(EventId = 5020, Level = LogLevel.Warning, Message = "Writing the query-table row of honeytoken {TokenId} failed; retrying in {RetryDelay}")]
    public static partial void RowWriteFailed(ILogger logger, Exception exception, Guid tokenId, TimeSpan retryDelay);

    [LoggerMessage(EventId = 5021, Level = LogLevel.Error, Message = "Saving the state of honeytoken {TokenId} failed after its row was written; restoring the row")]
    public static partial void StateWriteFailed(ILogger logger, Exception exception, Guid tokenId);

    [LoggerMessage(EventId = 5022, Level = LogLevel.Error, Message = "Restoring the query-table row of honeytoken {TokenId} failed")]
    public static partial void RowRestoreFailed(ILogger logger, Exception exception, Guid tokenId);

    [LoggerMessage(EventId = 5030, Level = LogLevel.Debug, Message = "Key pool {InstallationId} handed out honeytoken {TokenId}; {Available} left")]
    public static partial void PoolTaken(ILogger logger, string installationId, Guid tokenId, int available);

    [LoggerMessage(EventId = 5031, Level = LogLevel.Information, Message = "Key pool {InstallationId} took back honeytoken {TokenId}; {Available} available")]
    public static partial void PoolReturned(ILogger logger, string installationId, Guid tokenId, int available);

    [LoggerMessage(EventId = 5032, Level = LogLevel.Warning, Message = "Key pool {InstallationId} reclaimed honeytoken {TokenId}, which is pooled in its row but was taken more than {GracePeriod} ago and never handed out; {Available} available")]
    public static partial void PoolReclaimed(ILogger logger, string installationId, Guid tokenId, TimeSpan gracePeriod, int available);

    [LoggerMessage(EventId = 5033, Level = LogLevel.Warning, Message = "Key pool {InstallationId} could not look for keys to reclaim; it tries again at the next period")]
    public static partial void PoolReclaimFailed(ILogger logger, Exception exception, string installationId);

    [LoggerMessage(EventId = 5034, Level = LogLevel.Error, Message = "Honeytoken {TokenId} cannot send the alert of event {EventKey} from the outbox (event row stored: {EventStored}, lifecycle {Lifecycle}); the alert_outbox row stays until an operator restores the event row or deletes the outbox row")]
    public static partial void PendingAlertUnresolvable(ILogger logger, Guid tokenId, string eventKey, bool eventStored, HoneytokenLifecycle lifecycle);

    [LoggerMessage(EventId = 5035, Level = LogLevel.Error, Message = "Honeytoken {TokenId} could not delete access key {AccessKeyId} of IAM user {UserName}, which it created while another activation recorded a different key; delete the key in IAM")]
    public static partial void LostKeyNotDeleted(ILogger logger, Exception exception, Guid tokenId, string accessKeyId, string userName);
}
