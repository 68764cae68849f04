using Honeytoken.Grains.Aws.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace Honeytoken.Aws.Tests.Configuration;

/// <summary>
/// The pacer sends freely until throttled, then spaces calls at a rate that it lowers on
/// throttling and raises while callers queue.
/// </summary>
public sealed class AdaptiveCallPacerTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Reserve_BeforeThrottling_DoesNotWait()
    {
        var pacer = new AdaptiveCallPacer(time);

        for (var call = 0; call < 50; call++)
        {
            Assert.Equal(TimeSpan.Zero, pacer.Reserve(out _));
            pacer.OnSuccess();
        }

        Assert.Null(pacer.Rate);
    }

    [Fact]
    public void FirstThrottling_PacesAtAcceptedRate()
    {
        var pacer = new AdaptiveCallPacer(time);
        SucceedEvery(pacer, TimeSpan.FromMilliseconds(100), calls: 30);
        pacer.Reserve(out long slot);

        var rate = pacer.OnThrottled(slot);

        // Ten of the thirty calls succeeded within the last second.
        Assert.Equal(10.0, rate);
        Assert.Equal(TimeSpan.Zero, pacer.Reserve(out _));
        Assert.Equal(TimeSpan.FromMilliseconds(100), pacer.Reserve(out _));
        Assert.Equal(TimeSpan.FromMilliseconds(200), pacer.Reserve(out _));
    }

    [Fact]
    public void FirstThrottling_WithoutSuccesses_StartsAtFloor()
    {
        var pacer = new AdaptiveCallPacer(time);
        pacer.Reserve(out long slot);

        Assert.Equal(AdaptiveCallPacer.MinimumFirstRate, pacer.OnThrottled(slot));
    }

    [Fact]
    public void Throttling_OfOlderSlots_LowersOnce()
    {
        var pacer = new AdaptiveCallPacer(time);
        SucceedEvery(pacer, TimeSpan.FromMilliseconds(50), calls: 20);
        var slots = new long[8];
        for (var i = 0; i < slots.Length; i++)
        {
            pacer.Reserve(out slots[i]);
        }

        Assert.Equal(20.0, pacer.OnThrottled(slots[0]));
        time.Advance(AdaptiveCallPacer.DecreaseInterval);
        Assert.All(slots.Skip(1), slot => Assert.Null(pacer.OnThrottled(slot)));
        Assert.Equal(20.0, pacer.Rate);

        pacer.Reserve(out long paced);
        Assert.Equal(20 * AdaptiveCallPacer.DecreaseFactor, pacer.OnThrottled(paced)!.Value, precision: 9);
    }

    [Fact]
    public void Throttling_LowersOncePerInterval()
    {
        var pacer = new AdaptiveCallPacer(time);
        pacer.Reserve(out long first);
        pacer.OnThrottled(first);
        time.Advance(AdaptiveCallPacer.DecreaseInterval / 2);

        pacer.Reserve(out long early);
        Assert.Null(pacer.OnThrottled(early));

        time.Advance(AdaptiveCallPacer.DecreaseInterval / 2);
        pacer.Reserve(out long later);
        Assert.Equal(AdaptiveCallPacer.MinimumFirstRate * AdaptiveCallPacer.DecreaseFactor, pacer.OnThrottled(later)!.Value, precision: 9);
    }

    [Fact]
    public void Throttling_StopsAtMinimumRate()
    {
        var pacer = new AdaptiveCallPacer(time);

        for (var round = 0; round < 100; round++)
        {
            pacer.Reserve(out long slot);
            pacer.OnThrottled(slot);
            time.Advance(AdaptiveCallPacer.DecreaseInterval);
        }

        Assert.Equal(AdaptiveCallPacer.MinimumRate, pacer.Rate);
    }

    [Fact]
    public void Success_WhileWaiting_DoublesUntilThrottled()
    {
        var pacer = new AdaptiveCallPacer(time);
        pacer.Reserve(out long first);
        pacer.OnThrottled(first);

        RunSaturated(pacer, TimeSpan.FromSeconds(4));

        // From one call per second, doubling every second for four seconds.
        Assert.InRange(pacer.Rate!.Value, 10, 16 + 1e-9);

        var throttledAt = pacer.Rate!.Value;
        pacer.Reserve(out long paced);
        pacer.OnThrottled(paced);
        var lowered = throttledAt * AdaptiveCallPacer.DecreaseFactor;
        Assert.Equal(lowered, pacer.Rate!.Value, precision: 9);

        RunSaturated(pacer, TimeSpan.FromSeconds(1));

        // 5 % of the rate is less than the least increase, one call per second.
        Assert.InRange(pacer.Rate!.Value, lowered + 0.8, lowered + AdaptiveCallPacer.MinimumIncreasePerSecond + 1e-9);
    }

    [Fact]
    public void Success_WhileWaiting_StaysNearAcceptedRate()
    {
        var pacer = new AdaptiveCallPacer(time);
        SucceedEvery(pacer, TimeSpan.FromMilliseconds(100), calls: 20);
        pacer.Reserve(out long slot);
        pacer.OnThrottled(slot);
        time.Advance(TimeSpan.FromSeconds(1));

        // Callers arrive in pairs twice a second, 50 ms apart: the second of each pair waits
        // for its slot, yet only four calls a second go out.
        for (var pair = 0; pair < 40; pair++)
        {
            var start = time.GetUtcNow();
            pacer.Reserve(out _);
            pacer.OnSuccess();
            time.Advance(TimeSpan.FromMilliseconds(50));
            time.Advance(pacer.Reserve(out _));
            pacer.OnSuccess();
            time.Advance(start + TimeSpan.FromMilliseconds(500) - time.GetUtcNow());
        }

        // A window of one second contains four or five of these calls, so the rate stops at
        // three times that. Without the bound, each second caller's wait would raise it further.
        Assert.InRange(pacer.Rate!.Value, 10, 15 + 1e-9);
    }

    [Fact]
    public void RandomThrottling_KeepsRateAboveMinimum()
    {
        var pacer = new AdaptiveCallPacer(time);
        SucceedEvery(pacer, TimeSpan.FromMilliseconds(50), calls: 20);

        // Each call goes out at its slot, the next caller waits for the one after it, and one
        // call in five is throttled whatever the rate.
        for (var call = 0; call < 2_000; call++)
        {
            time.Advance(pacer.Reserve(out long slot));
            if (call % 5 == 0)
            {
                pacer.OnThrottled(slot);
            }
            else
            {
                pacer.OnSuccess();
            }
        }

        // Decreases of 15 % every 5 / rate seconds balance increases of one call per second
        // near 6 calls per second.
        Assert.InRange(pacer.Rate!.Value, 4, 12);
    }

    [Fact]
    public void Success_WithoutWaiting_KeepsRate()
    {
        var pacer = new AdaptiveCallPacer(time);
        pacer.Reserve(out long slot);
        pacer.OnThrottled(slot);

        for (var tick = 0; tick < 5; tick++)
        {
            time.Advance(TimeSpan.FromSeconds(2));
            Assert.Equal(TimeSpan.Zero, pacer.Reserve(out _));
            time.Advance(TimeSpan.FromMilliseconds(100));
            pacer.OnSuccess();
        }

        Assert.Equal(AdaptiveCallPacer.MinimumFirstRate, pacer.Rate);
    }

    [Fact]
    public void Success_LongAfterThrottling_DoublesAgain()
    {
        var pacer = new AdaptiveCallPacer(time);
        pacer.Reserve(out long first);
        pacer.OnThrottled(first);
        time.Advance(AdaptiveCallPacer.DecreaseInterval);
        pacer.Reserve(out long paced);
        pacer.OnThrottled(paced);

        RunSaturated(pacer, TimeSpan.FromSeconds(3));
        var additive = pacer.Rate!.Value;
        time.Advance(AdaptiveCallPacer.RegrowAfter);
        RunSaturated(pacer, TimeSpan.FromSeconds(3));

        // Three seconds of additive increase from 0.85 reach at most 3.85 calls per second, and
        // three seconds of doubling at least quadruple the rate.
        Assert.InRange(additive, 1.85, 3.85 + 1e-9);
        Assert.True(pacer.Rate!.Value >= additive * 4, $"The rate grew from {additive} to {pacer.Rate}.");
    }

    [Fact]
    public void Reserve_AfterQuietPeriod_StopsPacing()
    {
        var pacer = new AdaptiveCallPacer(time);
        pacer.Reserve(out long slot);
        pacer.OnThrottled(slot);
        Assert.Equal(TimeSpan.Zero, pacer.Reserve(out _));
        Assert.True(pacer.Reserve(out _) > TimeSpan.Zero);

        time.Advance(AdaptiveCallPacer.QuietPeriod);

        Assert.Equal(TimeSpan.Zero, pacer.Reserve(out _));
        Assert.Equal(TimeSpan.Zero, pacer.Reserve(out _));
        Assert.Null(pacer.Rate);
    }

    private void SucceedEvery(AdaptiveCallPacer pacer, TimeSpan interval, int calls)
    {
        for (var call = 0; call < calls; call++)
        {
            time.Advance(interval);
            pacer.Reserve(out _);
            pacer.OnSuccess();
        }
    }

    // Sends one call after another for the given time, each waiting for its slot, as callers that always queue do.
    private void RunSaturated(AdaptiveCallPacer pacer, TimeSpan duration)
    {
        var end = time.GetUtcNow() + duration;
        while (true)
        {
            var wait = pacer.Reserve(out _);
            if (time.GetUtcNow() + wait > end)
            {
                return;
            }

            time.Advance(wait);
            pacer.OnSuccess();
        }
    }
}
