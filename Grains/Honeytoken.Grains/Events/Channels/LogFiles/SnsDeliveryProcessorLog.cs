using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>Log messages of <see cref="SnsDeliveryProcessor"/>.</summary>
internal static partial class SnsDeliveryProcessorLog
{
    [LoggerMessage(EventId = 6111, Level = LogLevel.Warning, Message = "Rejected an SNS delivery whose body is invalid: {Error}")]
    public static partial void InvalidBody(ILogger logger, string? error);

    [LoggerMessage(EventId = 6112, Level = LogLevel.Warning, Message = "Rejected SNS subscription confirmation {MessageId} for topic {TopicArn}: {Problem}")]
    public static partial void SubscribeUrlRejected(ILogger logger, string? messageId, string? topicArn, string? problem);

    [LoggerMessage(EventId = 6113, Level = LogLevel.Information, Message = "SNS subscription confirmation {MessageId} received for topic {TopicArn}")]
    public static partial void SubscriptionConfirmationReceived(ILogger logger, string? messageId, string? topicArn);

    [LoggerMessage(EventId = 6114, Level = LogLevel.Warning, Message = "The log-file channel was unsubscribed from topic {TopicArn} (message {MessageId}), so only the catch-up listing finds new log files until it is subscribed again")]
    public static partial void Unsubscribed(ILogger logger, string? messageId, string? topicArn);

    [LoggerMessage(EventId = 6115, Level = LogLevel.Information, Message = "S3 test event {MessageId} received on topic {TopicArn}")]
    public static partial void S3TestEventReceived(ILogger logger, string? messageId, string? topicArn);
}
