using System.Text;

namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>
/// Builds the text that SNS signs: for each signed field in byte order of its name, the name,
/// a line feed, the value and a line feed.
/// </summary>
/// <remarks>
/// A notification signs <c>Message</c>, <c>MessageId</c>, <c>Subject</c> (only when present),
/// <c>Timestamp</c>, <c>TopicArn</c> and <c>Type</c>. The two confirmation types sign
/// <c>Message</c>, <c>MessageId</c>, <c>SubscribeURL</c>, <c>Timestamp</c>, <c>Token</c>,
/// <c>TopicArn</c> and <c>Type</c>. Source: Amazon SNS Developer Guide, "Verifying the
/// signature of an Amazon SNS message".
/// </remarks>
public static class SnsStringToSign
{
    /// <summary>
    /// Returns the text to verify the signature of <paramref name="message"/> against, or null
    /// when its type is unknown or a signed field is missing.
    /// </summary>
    public static string? Build(SnsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);

        var text = new StringBuilder(256 + (message.Message?.Length ?? 0));
        switch (message.Type)
        {
            case SnsMessageType.Notification:
                return Append(text, "Message", message.Message)
                    && Append(text, "MessageId", message.MessageId)
                    && (message.Subject is null || Append(text, "Subject", message.Subject))
                    && Append(text, "Timestamp", message.Timestamp)
                    && Append(text, "TopicArn", message.TopicArn)
                    && Append(text, "Type", message.TypeName)
                    ? text.ToString()
                    : null;

            case SnsMessageType.SubscriptionConfirmation:
            case SnsMessageType.UnsubscribeConfirmation:
                return Append(text, "Message", message.Message)
                    && Append(text, "MessageId", message.MessageId)
                    && Append(text, "SubscribeURL", message.SubscribeUrl)
                    && Append(text, "Timestamp", message.Timestamp)
                    && Append(text, "Token", message.Token)
                    && Append(text, "TopicArn", message.TopicArn)
                    && Append(text, "Type", message.TypeName)
                    ? text.ToString()
                    : null;

            default:
                return null;
        }
    }

    private static bool Append(StringBuilder text, string name, string? value)
    {
        if (value is null)
        {
            return false;
        }

        text.Append(name).Append('\n').Append(value).Append('\n');
        return true;
    }
}
