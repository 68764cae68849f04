namespace Honeytoken.Grains.Aws;

/// <summary>
/// Retry policy of the IAM and Organizations clients for throttling and transient errors.
/// Quota errors (IAM <c>LimitExceeded</c>, Organizations <c>ACCOUNT_NUMBER_LIMIT_EXCEEDED</c>) are never retried.
/// </summary>
public sealed class AwsRetryOptions
{
    /// <summary>Configuration section that binds these options.</summary>
    public const string SectionName = "Aws:Retry";

    /// <summary>Maximum number of attempts of one call, the first included. Default: 8.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>
    /// Backoff bound of the first retry. Each later retry doubles it up to <see cref="MaxDelay"/>,
    /// and the actual delay is drawn uniformly between zero and that value (full jitter). Default: 200 ms.
    /// </summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Upper bound of one backoff delay. Default: 20 seconds.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);
}
