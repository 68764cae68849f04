using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>Log messages of <see cref="SnsMessageVerifier"/>.</summary>
internal static partial class SnsMessageVerifierLog
{
    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Downloading the SNS signing certificate {CertificateUrl} for message {MessageId} failed")]
    public static partial void CertificateDownloadFailed(ILogger logger, string certificateUrl, string? messageId, Exception exception);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Rejected SNS message {MessageId} from topic {TopicArn}: {Reason}, {Detail}")]
    public static partial void MessageRejected(ILogger logger, string? messageId, string? topicArn, SnsRejectionReason reason, string? detail);
}
