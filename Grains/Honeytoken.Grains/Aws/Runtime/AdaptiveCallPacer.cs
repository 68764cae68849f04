namespace Honeytoken.Grains.Aws.Runtime;

/// <summary>
/// Spaces the calls of one client so that they stay under the request rate that its service
/// accepts, learning that rate from the service's throttling responses.
/// </summary>
/// <remarks>
/// <para>
/// AWS publishes no request rate for IAM and throttles each account by its own measure, so the
/// rate has to be found. Calls go out unpaced until the first throttling response. From then on
/// every call takes the next free slot at the current rate. A throttled call lowers the rate by
/// <see cref="DecreaseFactor"/>, at most once per <see cref="DecreaseInterval"/>. A throttled
/// call whose slot was reserved before the last decrease says nothing new and is ignored, so a
/// burst of rejections lowers the rate once.
/// </para>
/// <para>
/// While callers wait for slots, the rate rises: it doubles every second until the first
/// throttling at a paced rate, then grows by <see cref="IncreasePerSecond"/> of itself, and by at
/// least <see cref="MinimumIncreasePerSecond"/>, per second. The rate therefore climbs to the
/// service's limit and stays in a band below it. Throttling that has nothing to do with the rate,
/// such as a service in trouble rejecting a share of all calls, holds the rate where decreases
/// and increases balance (about 7 calls per second with a throttled call every second) instead of
/// driving it to the minimum. After <see cref="RegrowAfter"/> without throttling the rate doubles
/// every second again, and after <see cref="QuietPeriod"/> calls go out unpaced. The rate never
/// rises past <see cref="MaximumLead"/> times the calls that succeeded over the last second.
/// </para>
/// <para>
/// Without pacing, parallel callers send several times the accepted rate and spend the
/// rejected calls' backoff idle. A pacer belongs to one client. IAM throttles each account, and
/// the service caches one IAM client per member account and process, so each pacer learns the
/// share of one account's rate that its process gets.
/// </para>
/// </remarks>
internal sealed class AdaptiveCallPacer
{
    /// <summary>Factor applied to the rate when a call sent at that rate is throttled.</summary>
    internal const double DecreaseFactor = 0.85;

    /// <summary>Growth of the rate per second, as a share of itself, once it has been throttled while paced.</summary>
    internal const double IncreasePerSecond = 0.05;

    /// <summary>Least growth of the rate per second, in calls per second, once it has been throttled while paced.</summary>
    internal const double MinimumIncreasePerSecond = 1;

    /// <summary>Lowest rate in calls per second, so that a long run of throttling never stops the client.</summary>
    internal const double MinimumRate = 0.5;

    /// <summary>Lowest first rate in calls per second, for a client throttled before any call of it succeeded.</summary>
    internal const double MinimumFirstRate = 1;

    /// <summary>Highest rate as a multiple of the calls that succeeded over the last second.</summary>
    internal const double MaximumLead = 3;

    /// <summary>Shortest time between two decreases of the rate.</summary>
    internal static readonly TimeSpan DecreaseInterval = TimeSpan.FromSeconds(1);

    /// <summary>Time without throttling after which the rate doubles every second again.</summary>
    internal static readonly TimeSpan RegrowAfter = TimeSpan.FromSeconds(5);

    /// <summary>Time without throttling after which calls go out unpaced.</summary>
    internal static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(30);

    // The rate after the first throttling is the rate of calls that succeeded over this window.
    private static readonly TimeSpan MeasurementWindow = TimeSpan.FromSeconds(1);

    private readonly Lock gate = new();
    private readonly TimeProvider timeProvider;
    private readonly Queue<DateTimeOffset> recentSuccesses = new();

    private double? rate;
    private bool growing = true;
    private DateTimeOffset nextSlot;
    private bool callersWait;
    private DateTimeOffset lastIncrease;
    private DateTimeOffset lastDecrease;
    private DateTimeOffset lastThrottled;

    // Counts the decreases, so that a throttled call can tell whether its slot came from the rate in force.
    private long generation;

    public AdaptiveCallPacer(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        this.timeProvider = timeProvider;
    }

    /// <summary>Calls per second that the pacer allows, or null while calls go out unpaced.</summary>
    public double? Rate
    {
        get
        {
            lock (gate)
            {
                return rate;
            }
        }
    }

    /// <summary>
    /// Reserves the next free slot for a call and returns how long the caller waits for it, and
    /// the slot's <paramref name="slotGeneration"/>, which <see cref="OnThrottled"/> takes back.
    /// </summary>
    public TimeSpan Reserve(out long slotGeneration)
    {
        lock (gate)
        {
            slotGeneration = generation;
            var now = timeProvider.GetUtcNow();
            if (rate is { } && now - lastThrottled >= QuietPeriod)
            {
                rate = null;
                growing = true;
            }

            if (rate is not { } current)
            {
                return TimeSpan.Zero;
            }

            var sendAt = nextSlot > now ? nextSlot : now;
            nextSlot = sendAt + TimeSpan.FromSeconds(1 / current);
            callersWait = sendAt > now;
            return sendAt - now;
        }
    }

    /// <summary>Records a call that the service accepted.</summary>
    public void OnSuccess()
    {
        lock (gate)
        {
            var now = timeProvider.GetUtcNow();
            recentSuccesses.Enqueue(now);
            while (recentSuccesses.Peek() <= now - MeasurementWindow)
            {
                recentSuccesses.Dequeue();
            }

            if (rate is not { } current)
            {
                return;
            }

            // A faster rate tells the client something about the limit only while callers wait
            // for slots. A client that calls less often than its rate allows keeps the rate.
            growing |= now - lastThrottled >= RegrowAfter;
            var elapsed = Math.Min((now - lastIncrease).TotalSeconds, 1);
            if (callersWait && elapsed > 0)
            {
                var raised = growing
                    ? current * Math.Pow(2, elapsed)
                    : current + (Math.Max(current * IncreasePerSecond, MinimumIncreasePerSecond) * elapsed);

                // Callers that arrive together wait for slots even when the rate is far above what
                // they need on average. Without this bound the rate would run away from the calls
                // that really go out, so a later throttling would take many decreases.
                var accepted = recentSuccesses.Count / MeasurementWindow.TotalSeconds;
                rate = Math.Max(current, Math.Min(raised, Math.Max(MaximumLead * accepted, MinimumFirstRate)));
            }

            lastIncrease = now;
        }
    }

    /// <summary>Records a call that the service throttled, with the generation of its slot.</summary>
    /// <returns>The new rate when this call lowered it; otherwise null.</returns>
    public double? OnThrottled(long slotGeneration)
    {
        lock (gate)
        {
            var now = timeProvider.GetUtcNow();
            lastThrottled = now;
            if (slotGeneration != generation || (rate is not null && now - lastDecrease < DecreaseInterval))
            {
                return null;
            }

            if (rate is { } current)
            {
                growing = false;
                rate = Math.Max(MinimumRate, current * DecreaseFactor);
            }
            else
            {
                var accepted = recentSuccesses.Count(success => success > now - MeasurementWindow);
                rate = Math.Max(MinimumFirstRate, accepted / MeasurementWindow.TotalSeconds);
            }

            generation++;
            lastIncrease = now;
            lastDecrease = now;
            return rate;
        }
    }
}
