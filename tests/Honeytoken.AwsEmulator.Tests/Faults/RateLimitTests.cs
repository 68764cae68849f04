using Honeytoken.AwsEmulator.Faults;

namespace Honeytoken.AwsEmulator.Tests.Faults;

/// <summary>Request-rate ceilings of <see cref="FaultInjector"/>.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly FaultInjector faults = new();

    public void Dispose() => faults.Dispose();

    [Fact]
    public void RateLimit_ThrottlesCallsOverTheBurst()
    {
        faults.Apply(new FaultSettings { RateLimits = [new RateLimitRule { Api = "iam:*", RequestsPerSecond = 20, Burst = 5 }] });

        var throttled = Enumerable.Range(0, 10).Select(_ => faults.ShouldThrottle("iam", "CreateUser")).ToList();

        Assert.Equal(5, throttled.Count(t => !t));
        Assert.All(throttled.Skip(5), Assert.True);
    }

    [Fact]
    public void RateLimit_LeavesOtherServicesAlone()
    {
        faults.Apply(new FaultSettings { RateLimits = [new RateLimitRule { Api = "iam:*", RequestsPerSecond = 1, Burst = 1 }] });

        Assert.False(faults.ShouldThrottle("iam", "CreateUser"));
        Assert.True(faults.ShouldThrottle("iam", "CreateUser"));
        Assert.False(faults.ShouldThrottle("sts", "AssumeRole"));
    }

    [Fact]
    public async Task RateLimit_HoldsTheRateOverTime()
    {
        faults.Apply(new FaultSettings { RateLimits = [new RateLimitRule { Api = "iam:*", RequestsPerSecond = 100 }] });
        var window = TimeSpan.FromSeconds(1);
        var passed = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        while (clock.Elapsed < window)
        {
            if (!faults.ShouldThrottle("iam", "ListAccessKeys"))
            {
                passed++;
            }

            await Task.Delay(1);
        }

        // The ceiling is 100 a second plus the burst of 5, and a refill or two of slack. Only
        // the ceiling is exact: on a loaded machine the loop itself may call far less often,
        // so the lower bound asks only that the bucket refilled after its burst.
        Assert.InRange(passed, 6, 110);
    }

    [Fact]
    public void RateLimit_RejectsInvalidRate()
    {
        var settings = new FaultSettings { RateLimits = [new RateLimitRule { Api = "iam:*", RequestsPerSecond = 0 }] };

        Assert.Contains("requestsPerSecond 0", settings.Validate(), StringComparison.Ordinal);
    }
}
