namespace Honeytoken.AwsEmulator.Faults;

/// <summary>
/// A token bucket that refills continuously from the elapsed time, so the rate stays within its limit over any
/// window however often requests arrive, with no timer that a busy thread pool could delay.
/// </summary>
public sealed class RequestRateBucket
{
    private readonly Lock gate = new();
    private readonly TimeProvider timeProvider;
    private readonly double requestsPerSecond;
    private readonly double capacity;
    private double tokens;
    private long lastRefill;

    public RequestRateBucket(int requestsPerSecond, int capacity, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerSecond, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);

        this.timeProvider = timeProvider;
        this.requestsPerSecond = requestsPerSecond;
        this.capacity = capacity;
        tokens = capacity;
        lastRefill = timeProvider.GetTimestamp();
    }

    /// <summary>Takes one request's token, or returns false when the bucket is empty.</summary>
    public bool TryTake()
    {
        lock (gate)
        {
            var now = timeProvider.GetTimestamp();
            tokens = Math.Min(capacity, tokens + (timeProvider.GetElapsedTime(lastRefill, now).TotalSeconds * requestsPerSecond));
            lastRefill = now;

            if (tokens < 1)
            {
                return false;
            }

            tokens--;
            return true;
        }
    }
}
