namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>The decision made for one SNS delivery.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Message">The parsed message, or null when the body could not be parsed.</param>
/// <param name="Verification">The verification result; its reason explains a rejection.</param>
/// <param name="Notification">The objects a notification names, or null for other message types.</param>
/// <param name="SubscribeUrl">The URL to visit for <see cref="SnsDeliveryAction.ConfirmSubscription"/>, checked against the allowed hosts.</param>
public sealed record SnsDeliveryOutcome(
    SnsDeliveryAction Action,
    SnsMessage? Message,
    SnsVerificationResult Verification,
    LogFileNotification? Notification,
    Uri? SubscribeUrl);
