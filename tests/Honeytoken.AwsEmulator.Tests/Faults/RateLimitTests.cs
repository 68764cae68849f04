using Honeytoken.AwsEmulator.Faults;
using Microsoft.Extensions.Time.Testing;

namespace Honeytoken.AwsEmulator.Tests.Faults;

/// <summary>Request-rate ceilings of <see cref="FaultInjector"/>.</summary>
public sealed class RateLimitTests : IDisposable
{
    private readonly FakeTimeProvider time = new();
    private readonly FaultInjector faults;

    public RateLimitTests() => faults = new FaultInjector(time);

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
    public void RateLimit_HoldsTheRateOverTime()
    {
        faults.Apply(new FaultSettings { RateLimits = [new RateLimitRule { Api = "iam:*", RequestsPerSecond = 100 }] });
        var passed = 0;

        // One second in steps of 10 ms, with three times the allowed calls in each step.
        for (var step = 0; step < 100; step++)
        {
            for (var call = 0; call < 3; call++)
            {
                passed += faults.ShouldThrottle("iam", "ListAccessKeys") ? 0 : 1;
            }

            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        // The burst of 5 at the start, then one call per 10 ms.
        Assert.Equal(104, passed);
    }

    [Fact]
    public void RateLimit_RejectsInvalidRate()
    {
        var settings = new FaultSettings { RateLimits = [new RateLimitRule { Api = "iam:*", RequestsPerSecond = 0 }] };

        Assert.Contains("requestsPerSecond 0", settings.Validate(), StringComparison.Ordinal);
    }
}
