using System.Collections.Concurrent;

namespace Honeytoken.AwsEmulator.Deliveries;

/// <summary>
/// Counts of webhook delivery attempts per kind of delivery, so that a test can see how a
/// receiver responded: which attempts got a 5xx, how many were retried and how many were
/// given up. Counts start at zero when the emulator starts and are not kept in the state file.
/// </summary>
public sealed class DeliveryStatistics
{
    private readonly ConcurrentDictionary<string, KindCounters> kinds = new(StringComparer.Ordinal);

    /// <summary>Counts an attempt that got an HTTP response with <paramref name="statusCode"/>.</summary>
    public void Answered(string kind, int statusCode) =>
        kinds.GetOrAdd(kind, _ => new KindCounters()).StatusCodes.AddOrUpdate(statusCode, 1, (_, count) => count + 1);

    /// <summary>Counts an attempt that got no response: no connection, or the request timed out.</summary>
    public void Unanswered(string kind) => Interlocked.Increment(ref kinds.GetOrAdd(kind, _ => new KindCounters()).Unanswered);

    /// <summary>Counts a delivery whose every attempt failed.</summary>
    public void Abandoned(string kind) => Interlocked.Increment(ref kinds.GetOrAdd(kind, _ => new KindCounters()).Abandoned);

    /// <summary>Returns the counts so far, one entry per kind of delivery.</summary>
    public IReadOnlyList<DeliveryKindStatistics> Snapshot() =>
        [.. kinds.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => new DeliveryKindStatistics
        {
            Kind = entry.Key,
            StatusCodes = entry.Value.StatusCodes.OrderBy(code => code.Key).ToDictionary(code => code.Key, code => code.Value),
            Unanswered = Volatile.Read(ref entry.Value.Unanswered),
            Abandoned = Volatile.Read(ref entry.Value.Abandoned),
        })];

    private sealed class KindCounters
    {
        public readonly ConcurrentDictionary<int, long> StatusCodes = new();
        public long Unanswered;
        public long Abandoned;
    }
}

/// <summary>Attempts of one kind of delivery (<c>EventBridge event</c>, <c>SNS Notification</c>, …).</summary>
public sealed record DeliveryKindStatistics
{
    public required string Kind { get; init; }

    /// <summary>Attempts per HTTP status code of the response.</summary>
    public required IReadOnlyDictionary<int, long> StatusCodes { get; init; }

    /// <summary>Attempts that got no response: no connection, or the request timed out.</summary>
    public long Unanswered { get; init; }

    /// <summary>Deliveries given up after the last attempt.</summary>
    public long Abandoned { get; init; }
}
