namespace Honeytoken.AwsEmulator.Faults;

/// <summary>
/// Ways in which the emulator misbehaves on purpose, as AWS does on a bad day. Set them
/// with <c>PUT /_emulator/faults</c>; the defaults make the emulator behave well.
/// </summary>
public sealed record FaultSettings
{
    /// <summary>
    /// Calls that fail with the service's throttling error: <c>Throttling</c> for IAM and
    /// STS, <c>TooManyRequestsException</c> for Organizations, <c>SlowDown</c> for S3.
    /// </summary>
    public IReadOnlyList<FaultRule> Throttling { get; init; } = [];

    /// <summary>Calls that fail with a 5xx error of the service.</summary>
    public IReadOnlyList<FaultRule> ServerErrors { get; init; } = [];

    /// <summary>
    /// Extra delay in milliseconds before every EventBridge event and SNS notification, on
    /// top of the configured real-time delay.
    /// </summary>
    public int DeliveryDelayMilliseconds { get; init; }

    /// <summary>Probability, from 0 to 1, that a webhook delivery is sent twice.</summary>
    public double DuplicateDeliveryRate { get; init; }

    /// <summary>Probability, from 0 to 1, that an SNS notification is never sent.</summary>
    public double DroppedSnsNotificationRate { get; init; }

    /// <summary>When true, deliveries that are due together are sent newest first.</summary>
    public bool OutOfOrderDelivery { get; init; }

    /// <summary>Reason with which the next CreateAccount requests fail, such as <c>EMAIL_ALREADY_EXISTS</c>; null for none.</summary>
    public string? CreateAccountFailureReason { get; init; }

    /// <summary>Number of CreateAccount requests that fail with <see cref="CreateAccountFailureReason"/>.</summary>
    public int CreateAccountFailureCount { get; init; } = 1;

    /// <summary>Returns an error naming the first invalid setting, or null when all are valid.</summary>
    public string? Validate()
    {
        foreach (var (name, rules) in new[] { ("throttling", Throttling), ("serverErrors", ServerErrors) })
        {
            foreach (var rule in rules)
            {
                if (rule.Rate is < 0 or > 1)
                {
                    return $"{name}: rate {rule.Rate} of '{rule.Api}' is invalid; use a probability from 0 to 1.";
                }

                if (rule.Count is < 0)
                {
                    return $"{name}: count {rule.Count} of '{rule.Api}' is invalid; use a positive number or null.";
                }
            }
        }

        if (DeliveryDelayMilliseconds < 0)
        {
            return $"deliveryDelayMilliseconds {DeliveryDelayMilliseconds} is invalid; use 0 or more.";
        }

        if (DuplicateDeliveryRate is < 0 or > 1)
        {
            return $"duplicateDeliveryRate {DuplicateDeliveryRate} is invalid; use a probability from 0 to 1.";
        }

        if (DroppedSnsNotificationRate is < 0 or > 1)
        {
            return $"droppedSnsNotificationRate {DroppedSnsNotificationRate} is invalid; use a probability from 0 to 1.";
        }

        return CreateAccountFailureCount < 0
            ? $"createAccountFailureCount {CreateAccountFailureCount} is invalid; use 0 or more."
            : null;
    }
}
