namespace Honeytoken.Bench.Service;

/// <summary>Percentiles of a set of durations, by the nearest-rank method.</summary>
public static class Latencies
{
    public static TimeSpan Percentile(IReadOnlyCollection<TimeSpan> samples, double percentile)
    {
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Count == 0)
        {
            throw new ArgumentException("There are no samples to take a percentile of.", nameof(samples));
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static string Milliseconds(TimeSpan value) => $"{value.TotalMilliseconds:0.0} ms";
}
