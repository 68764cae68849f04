using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>
/// Turns the raw body of an SNS delivery into the action the webhook takes: parse, verify,
/// then act on the message type. It makes no request itself, so the webhook stays in charge
/// of confirming subscriptions and starting log-file grains.
/// </summary>
public sealed class SnsDeliveryProcessor(
    SnsVerificationOptions options,
    ISnsMessageVerifier verifier,
    LogFileNotificationParser notificationParser,
    ILogger<SnsDeliveryProcessor> logger)
{
    private readonly SnsUrlPolicy _urlPolicy = new(options);

    /// <summary>Decides what to do with the delivery whose body is <paramref name="body"/>, whatever its content type.</summary>
    public async Task<SnsDeliveryOutcome> ProcessAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        if (!SnsMessageParser.TryParse(body.Span, out var message, out var error))
        {
            SnsDeliveryProcessorLog.InvalidBody(logger, error);
            return new SnsDeliveryOutcome(SnsDeliveryAction.Reject, null, SnsVerificationResult.Reject(SnsRejectionReason.InvalidBody, error!), null, null);
        }

        var verification = await verifier.VerifyAsync(message!, cancellationToken);
        if (!verification.IsVerified)
        {
            return new SnsDeliveryOutcome(SnsDeliveryAction.Reject, message, verification, null, null);
        }

        return message!.Type switch
        {
            SnsMessageType.SubscriptionConfirmation => Confirm(message, verification),
            SnsMessageType.UnsubscribeConfirmation => Unsubscribed(message, verification),
            _ => Notify(message, verification),
        };
    }

    private SnsDeliveryOutcome Confirm(SnsMessage message, SnsVerificationResult verification)
    {
        // The URL is signed, but it is still checked so that a confirmation never sends a request off the SNS hosts.
        if (!_urlPolicy.IsAllowed(message.SubscribeUrl, out var problem))
        {
            var rejection = SnsVerificationResult.Reject(SnsRejectionReason.SubscribeUrlNotAllowed, "The subscribe URL is not allowed: " + problem);
            SnsDeliveryProcessorLog.SubscribeUrlRejected(logger, message.MessageId, message.TopicArn, problem);
            return new SnsDeliveryOutcome(SnsDeliveryAction.Reject, message, rejection, null, null);
        }

        SnsDeliveryProcessorLog.SubscriptionConfirmationReceived(logger, message.MessageId, message.TopicArn);
        return new SnsDeliveryOutcome(SnsDeliveryAction.ConfirmSubscription, message, verification, null, new Uri(message.SubscribeUrl!));
    }

    private SnsDeliveryOutcome Unsubscribed(SnsMessage message, SnsVerificationResult verification)
    {
        SnsDeliveryProcessorLog.Unsubscribed(logger, message.MessageId, message.TopicArn);
        return new SnsDeliveryOutcome(SnsDeliveryAction.Unsubscribed, message, verification, null, null);
    }

    private SnsDeliveryOutcome Notify(SnsMessage message, SnsVerificationResult verification)
    {
        var notification = notificationParser.Parse(message.Message);
        if (notification.Kind == LogFileNotificationKind.S3TestEvent)
        {
            SnsDeliveryProcessorLog.S3TestEventReceived(logger, message.MessageId, message.TopicArn);
        }

        var action = notification.LogFiles.Count > 0 ? SnsDeliveryAction.ReadLogFiles : SnsDeliveryAction.Ignore;
        return new SnsDeliveryOutcome(action, message, verification, notification, null);
    }
}
