using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Alerts;

/// <summary>Log messages of alert delivery. Event ids 9000–9099. Secrets and URLs with credentials are never logged.</summary>
internal static partial class AlertLog
{
    [LoggerMessage(9000, LogLevel.Information, "Destination {DestinationId} ({Type}) created by {ActorId}")]
    public static partial void DestinationCreated(ILogger logger, Guid destinationId, DestinationType type, string actorId);

    [LoggerMessage(9001, LogLevel.Information, "Destination {DestinationId} updated by {ActorId}")]
    public static partial void DestinationUpdated(ILogger logger, Guid destinationId, string actorId);

    [LoggerMessage(9002, LogLevel.Information, "Destination {DestinationId} deleted by {ActorId} with {PendingDeliveries} pending deliveries")]
    public static partial void DestinationDeleted(ILogger logger, Guid destinationId, string actorId, int pendingDeliveries);

    [LoggerMessage(9010, LogLevel.Information, "Delivery {DeliveryId} of {Action} for token {HoneytokenId} to destination {DestinationId} succeeded on attempt {Attempt}, {LatencyMs} ms after the notice")]
    public static partial void Delivered(ILogger logger, Guid deliveryId, string action, Guid? honeytokenId, Guid destinationId, int attempt, long latencyMs);

    [LoggerMessage(9011, LogLevel.Warning, "Delivery {DeliveryId} to destination {DestinationId} failed on attempt {Attempt} (status {StatusCode}): {Error}; retrying at {NextAttemptAt}")]
    public static partial void WillRetry(ILogger logger, Guid deliveryId, Guid destinationId, int attempt, int? statusCode, string error, DateTimeOffset nextAttemptAt);

    [LoggerMessage(9012, LogLevel.Error, "Delivery {DeliveryId} of {Action} for token {HoneytokenId} to destination {DestinationId} given up after attempt {Attempt} (status {StatusCode}): {Error}")]
    public static partial void GaveUp(ILogger logger, Guid deliveryId, string action, Guid? honeytokenId, Guid destinationId, int attempt, int? statusCode, string error);

    [LoggerMessage(9013, LogLevel.Error, "Destination {DestinationId} has failed since {FailingSince}")]
    public static partial void Failing(ILogger logger, Guid destinationId, DateTimeOffset failingSince);

    [LoggerMessage(9020, LogLevel.Error, "Queueing a notice for token {HoneytokenId} at destination {DestinationId} failed")]
    public static partial void EnqueueFailed(ILogger logger, Exception exception, Guid honeytokenId, Guid destinationId);

    [LoggerMessage(9022, LogLevel.Information, "Destination {DestinationId} ignored a repeated notice for token {HoneytokenId}, event {EventKey}")]
    public static partial void RepeatedNoticeIgnored(ILogger logger, Guid destinationId, Guid honeytokenId, string eventKey);

    [LoggerMessage(9021, LogLevel.Warning, "Notice for token {HoneytokenId} dropped: no alert destination is configured")]
    public static partial void NoDestination(ILogger logger, Guid honeytokenId);

    [LoggerMessage(9030, LogLevel.Error, "The settings of destination {DestinationId} could not be decrypted; check Honeytoken:Secrets:EncryptionKey")]
    public static partial void SecretUnreadable(ILogger logger, Exception exception, Guid destinationId);

    [LoggerMessage(9040, LogLevel.Information, "Alert outbox sweep started on this silo: every {SweepInterval}, rows older than {GracePeriod}, at most {BatchSize} rows a pass")]
    public static partial void OutboxSweepStarted(ILogger logger, TimeSpan sweepInterval, TimeSpan gracePeriod, int batchSize);

    [LoggerMessage(9041, LogLevel.Warning, "Alert outbox sweep resumed {Resumed} of {Listed} unsent alerts; {Unresolvable} cannot be sent and {Failed} failed and are retried at the next pass")]
    public static partial void OutboxSweepRan(ILogger logger, int listed, int resumed, int unresolvable, int failed);

    [LoggerMessage(9042, LogLevel.Warning, "Alert outbox sweep could not resume the alert of token {HoneytokenId}, event {EventKey}; the row stays for the next pass")]
    public static partial void OutboxAlertFailed(ILogger logger, Exception exception, Guid honeytokenId, string eventKey);

    [LoggerMessage(9043, LogLevel.Warning, "Alert outbox sweep could not list the outbox; it tries again at the next pass")]
    public static partial void OutboxSweepFailed(ILogger logger, Exception exception);
}
