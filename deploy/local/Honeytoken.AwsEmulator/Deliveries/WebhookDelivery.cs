namespace Honeytoken.AwsEmulator.Deliveries;

/// <summary>
/// One HTTP POST to a webhook, retried on failure. <see cref="Kind"/> names what is
/// delivered in logs (<c>EventBridge event</c>, <c>SNS Notification</c>, …), and
/// <see cref="Delay"/> is the wait before the first attempt.
/// </summary>
public sealed record WebhookDelivery(
    string Kind,
    string Url,
    string ContentType,
    string Body,
    IReadOnlyDictionary<string, string> Headers,
    TimeSpan Delay);
