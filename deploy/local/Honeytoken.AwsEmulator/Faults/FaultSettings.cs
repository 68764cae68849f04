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

    /// <summary>
    /// Request-rate ceilings: calls above a rule's rate fail with the same throttling errors
    /// as <see cref="Throttling"/>. Rejected calls do not count against the rate.
    /// </summary>
    public IReadOnlyList<RateLimitRule> RateLimits { get; init; } = [];

    /// <summary>Calls that fail with a 5xx error of the service.</summary>
    public IReadOnlyList<FaultRule> ServerErrors { get; init; } = [];

    /// <summary>
    /// Calls that fail with the service's access-denied error, as when a policy of the caller
    /// lacks the permission: <c>AccessDenied</c> for IAM, STS and S3, <c>AccessDeniedException</c>
    /// for Organizations.
    /// </summary>
    public IReadOnlyList<FaultRule> AccessDenied { get; init; } = [];

    /// <summary>
    /// Seconds added to the <c>Date</c> header of every response, as if the emulator's clock
    /// were ahead (or, when negative, behind) of the caller's. Signatures are still checked
    /// against the real clock.
    /// </summary>
    public int DateSkewSeconds { get; init; }

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
        foreach (var (name, rules) in new[] { ("throttling", Throttling), ("serverErrors", ServerErrors), ("accessDenied", AccessDenied) })
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

        foreach (var rule in RateLimits)
        {
            if (rule.RequestsPerSecond is < 1 or > 100_000)
            {
                return $"rateLimits: requestsPerSecond {rule.RequestsPerSecond} of '{rule.Api}' is invalid; use 1 to 100000.";
            }

            if (rule.Burst is < 1)
            {
                return $"rateLimits: burst {rule.Burst} of '{rule.Api}' is invalid; use 1 or more, or null.";
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
