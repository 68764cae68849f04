using System.Threading.RateLimiting;

namespace Honeytoken.AwsEmulator.Faults;

/// <summary>Applies the current <see cref="FaultSettings"/> and counts how often each rule fired.</summary>
public sealed class FaultInjector : IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<FaultRule, int> fired = [];
    private FaultSettings settings = new();
    private IReadOnlyList<(RateLimitRule Rule, RateLimiter Limiter)> rateLimiters = [];
    private int createAccountFailuresLeft;

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
            foreach (var (_, limiter) in rateLimiters)
            {
                limiter.Dispose();
            }

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
            foreach (var (_, limiter) in rateLimiters)
            {
                limiter.Dispose();
            }

            rateLimiters = [];
        }
    }

    private bool OverRateLimit(string service, string action)
    {
        IReadOnlyList<(RateLimitRule Rule, RateLimiter Limiter)> current;
        lock (gate)
        {
            current = rateLimiters;
        }

        foreach (var (rule, limiter) in current)
        {
            if (!rule.Matches(service, action))
            {
                continue;
            }

            using var lease = limiter.AttemptAcquire();
            if (!lease.IsAcquired)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Creates a token bucket refilled 20 times a second, so the rate holds over any window
    /// longer than 50 ms while the timer does not fire once per call at high rates.
    /// </summary>
    private static TokenBucketRateLimiter CreateLimiter(RateLimitRule rule)
    {
        var tokensPerPeriod = Math.Max(1, rule.RequestsPerSecond / 20);
        return new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = rule.Burst ?? tokensPerPeriod,
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromSeconds((double)tokensPerPeriod / rule.RequestsPerSecond),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

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
