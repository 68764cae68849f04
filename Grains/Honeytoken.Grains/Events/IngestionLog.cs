using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Events;

/// <summary>The log messages of event ingestion. Event ids 6000–6099; none carries a secret.</summary>
internal static partial class IngestionLog
{
    [LoggerMessage(6000, LogLevel.Warning, "Route {RouteKey} moved from honeytoken {PreviousTokenId} to {TokenId}")]
    public static partial void RouteReplaced(ILogger logger, string routeKey, Guid previousTokenId, Guid tokenId);

    [LoggerMessage(6001, LogLevel.Information, "Temporary key {AccessKeyId} minted by {EventName} is routed to honeytoken {TokenId}")]
    public static partial void DerivedKeyRouted(ILogger logger, string accessKeyId, Guid tokenId, string? eventName);

    [LoggerMessage(6002, LogLevel.Information, "Honeytoken {TokenId} stored event {EventKey} ({Action}) from channel {Channel}: {Outcome}")]
    public static partial void EventRecorded(ILogger logger, Guid tokenId, string eventKey, string action, string channel, string outcome);

    [LoggerMessage(6003, LogLevel.Warning, "Storing an event of honeytoken {TokenId} from channel {Channel} failed; the delivery is not acknowledged")]
    public static partial void EventStoreFailed(ILogger logger, Guid tokenId, string channel, Exception exception);

    [LoggerMessage(6010, LogLevel.Warning, "Real-time delivery rejected: {Reason}")]
    public static partial void RealTimeInvalid(ILogger logger, string reason);

    [LoggerMessage(6011, LogLevel.Debug, "Real-time event {EventId} ignored: {Reason}")]
    public static partial void RealTimeIgnored(ILogger logger, string? eventId, string reason);

    [LoggerMessage(6020, LogLevel.Warning, "SNS message rejected: {Reason}")]
    public static partial void SnsInvalid(ILogger logger, string reason);

    [LoggerMessage(6021, LogLevel.Information, "SNS message {MessageId} was handled already; the replay is ignored")]
    public static partial void SnsReplay(ILogger logger, string messageId);

    [LoggerMessage(6022, LogLevel.Information, "Subscription of topic {TopicArn} confirmed")]
    public static partial void SubscriptionConfirmed(ILogger logger, string topicArn);

    [LoggerMessage(6023, LogLevel.Warning, "Confirming the subscription of topic {TopicArn} failed")]
    public static partial void SubscriptionConfirmationFailed(ILogger logger, string topicArn, Exception? exception);

    [LoggerMessage(6024, LogLevel.Warning, "The subscription of topic {TopicArn} was removed; log files are no longer announced until it is subscribed again")]
    public static partial void Unsubscribed(ILogger logger, string topicArn);

    [LoggerMessage(6025, LogLevel.Information, "S3 test event received on topic {TopicArn}")]
    public static partial void S3TestEvent(ILogger logger, string topicArn);

    [LoggerMessage(6026, LogLevel.Debug, "Object {Bucket}/{Key} skipped: {Reason}")]
    public static partial void ObjectSkipped(ILogger logger, string bucket, string key, string reason);

    [LoggerMessage(6027, LogLevel.Warning, "The SubscribeURL of topic {TopicArn} is not allowed: {Reason}")]
    public static partial void SubscribeUrlNotAllowed(ILogger logger, string topicArn, string? reason);

    [LoggerMessage(6030, LogLevel.Information, "Log file {Bucket}/{Key} processing started (attempt {Attempt})")]
    public static partial void LogFileStarted(ILogger logger, string bucket, string key, int attempt);

    [LoggerMessage(6031, LogLevel.Information, "Log file {Bucket}/{Key} done: {Records} records, {Events} honeytoken events")]
    public static partial void LogFileDone(ILogger logger, string bucket, string key, int records, int events);

    [LoggerMessage(6032, LogLevel.Error, "Log file {Bucket}/{Key} quarantined at offset {Offset}: {Reason}")]
    public static partial void LogFileQuarantined(ILogger logger, string bucket, string key, long offset, string reason);

    [LoggerMessage(6033, LogLevel.Warning, "Log file {Bucket}/{Key} failed on attempt {Attempt}; the reminder retries it")]
    public static partial void LogFileFailed(ILogger logger, string bucket, string key, int attempt, Exception exception);

    [LoggerMessage(6040, LogLevel.Information, "Catch-up listed {Listed} objects in {Folders} region folders since {Since:yyyy-MM-dd} and {FullListed} in the full listing, and enqueued {Enqueued}")]
    public static partial void CatchUpRan(ILogger logger, int listed, int folders, DateOnly since, int fullListed, int enqueued);

    [LoggerMessage(6041, LogLevel.Warning, "Catch-up listing failed; the next reminder retries it")]
    public static partial void CatchUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(6042, LogLevel.Warning, "Catch-up stopped walking the log prefix after {Folders} folders; set logs.prefix to the folder that holds AWSLogs so that every region folder is listed")]
    public static partial void CatchUpWalkTruncated(ILogger logger, int folders);

    [LoggerMessage(6043, LogLevel.Information, "Catch-up finished a full listing of the log prefix; the next one starts from the beginning")]
    public static partial void CatchUpFullListingDone(ILogger logger);

    [LoggerMessage(6050, LogLevel.Information, "Unlogged-use sweep checked {Keys} keys and recorded {Events} events")]
    public static partial void SweepRan(ILogger logger, int keys, int events);

    [LoggerMessage(6051, LogLevel.Warning, "Unlogged-use sweep failed for key {AccessKeyId}; the next run retries it")]
    public static partial void SweepKeyFailed(ILogger logger, string accessKeyId, Exception exception);
}
