namespace Honeytoken.AwsEmulator.Faults;

/// <summary>Applies the current <see cref="FaultSettings"/> and counts how often each rule fired.</summary>
public sealed class FaultInjector(TimeProvider timeProvider) : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<FaultRule, int> fired = [];
    private FaultSettings settings = new();
    private IReadOnlyList<(RateLimitRule Rule, RequestRateBucket Bucket)> rateLimiters = [];
    private int createAccountFailuresLeft;

    public FaultInjector()
        : this(TimeProvider.System)
    {
    }

    public FaultSettings Settings
    {
        get
        {
            lock (gate)
            {
                return settings;
            }
        }
    }

    /// <summary>Replaces the settings and resets the rule counters.</summary>
    public void Apply(FaultSettings value)
    {
        lock (gate)
        {
            settings = value;
            fired.Clear();
            rateLimiters = [.. value.RateLimits.Select(rule => (rule, CreateLimiter(rule)))];
            createAccountFailuresLeft = value.CreateAccountFailureReason is null ? 0 : value.CreateAccountFailureCount;
        }
    }

    public bool ShouldThrottle(string service, string action) =>
        OverRateLimit(service, action) || Fire(settings.Throttling, service, action);

    public bool ShouldFailWithServerError(string service, string action) => Fire(settings.ServerErrors, service, action);

    public bool ShouldDenyAccess(string service, string action) => Fire(settings.AccessDenied, service, action);

    /// <summary>Returns true with the given probability.</summary>
    public static bool Chance(double rate) => rate > 0 && Random.Shared.NextDouble() < rate;

    /// <summary>Returns the failure reason for the next CreateAccount request, or null when it succeeds.</summary>
    public string? TakeCreateAccountFailure()
    {
        lock (gate)
        {
            if (createAccountFailuresLeft <= 0)
            {
                return null;
            }

            createAccountFailuresLeft--;
            return settings.CreateAccountFailureReason;
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            rateLimiters = [];
        }
    }

    private bool OverRateLimit(string service, string action)
    {
        IReadOnlyList<(RateLimitRule Rule, RequestRateBucket Bucket)> current;
        lock (gate)
        {
            current = rateLimiters;
        }

        foreach (var (rule, bucket) in current)
        {
            if (rule.Matches(service, action) && !bucket.TryTake())
            {
                return true;
            }
        }

        return false;
    }

    // Without a burst, a rule allows a twentieth of a second's requests at once.
    private RequestRateBucket CreateLimiter(RateLimitRule rule) =>
        new(rule.RequestsPerSecond, rule.Burst ?? Math.Max(1, rule.RequestsPerSecond / 20), timeProvider);

    private bool Fire(IReadOnlyList<FaultRule> rules, string service, string action)
    {
        lock (gate)
        {
            foreach (var rule in rules)
            {
                if (!rule.Matches(service, action))
                {
                    continue;
                }

                var count = fired.GetValueOrDefault(rule);
                if (rule.Count is { } limit && count >= limit)
                {
                    continue;
                }

                if (Chance(rule.Rate))
                {
                    fired[rule] = count + 1;
                    return true;
                }
            }

            return false;
        }
    }
}
