using System.Globalization;
using Honeytoken.Grains.Events;

namespace Honeytoken.Grains.Health;

/// <summary>
/// Judges each channel from the probe calls. A call whose event is missing past the failing
/// threshold makes the channel failing, and one missing past the ok threshold makes it
/// degraded, unless a newer call's event arrived. Otherwise the newest arrived event decides:
/// ok or degraded by its latency. Calls younger than the ok threshold are still pending.
/// </summary>
public static class ReceptionEvaluator
{
    /// <summary>The channels the reception check watches. Log files found by the catch-up listing count as log files.</summary>
    public static IReadOnlyList<string> Channels { get; } = [EventChannels.RealTime, EventChannels.LogFile];

    /// <summary>Returns the reception of every channel in <see cref="Channels"/> at <paramref name="now"/>.</summary>
    public static IReadOnlyList<ChannelReception> Evaluate(
        IReadOnlyList<ProbeCall> probes,
        IReadOnlyDictionary<string, ProbeEventObservation> lastEvents,
        HealthCheckOptions options,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(probes);
        ArgumentNullException.ThrowIfNull(lastEvents);
        ArgumentNullException.ThrowIfNull(options);

        return
        [
            Evaluate(EventChannels.RealTime, probes, LastOf(lastEvents, EventChannels.RealTime), options.RealTimeDegradedAfter, options.RealTimeFailingAfter, now),
            Evaluate(EventChannels.LogFile, probes, LastOf(lastEvents, EventChannels.LogFile, EventChannels.CatchUp), options.LogFileDegradedAfter, options.LogFileFailingAfter, now),
        ];
    }

    private static ChannelReception Evaluate(
        string channel,
        IReadOnlyList<ProbeCall> probes,
        ProbeEventObservation? last,
        TimeSpan degradedAfter,
        TimeSpan failingAfter,
        DateTimeOffset now)
    {
        ChannelReception Result(string status, string message, string? remediation, TimeSpan? latency) =>
            new(channel, status, message, remediation, latency, last?.EventTime, last?.ReceivedAt, degradedAfter, failingAfter);

        // Probes are oldest first, so the last match of each kind is the newest.
        var arrived = probes.LastOrDefault(probe => Received(probe, channel) is not null);
        var missing = probes.LastOrDefault(probe => Received(probe, channel) is null && now - probe.CalledAt > failingAfter);
        var late = probes.LastOrDefault(probe => Received(probe, channel) is null && now - probe.CalledAt > degradedAfter);

        if (missing is not null && (arrived is null || missing.CalledAt > arrived.CalledAt))
        {
            return Result(HealthStatus.Failing, MissingMessage(channel, missing, now - missing.CalledAt), MissingRemediation(channel), null);
        }

        if (late is not null && (arrived is null || late.CalledAt > arrived.CalledAt))
        {
            return Result(HealthStatus.Degraded,
                $"The event of probe call {late.RequestId} has not arrived {Format(now - late.CalledAt)} after the call (ok up to {Format(degradedAfter)}, failing after {Format(failingAfter)}).",
                LateRemediation(channel), null);
        }

        if (arrived is null)
        {
            return Result(HealthStatus.Pending,
                probes.Count == 0 ? "No probe call was made yet." : $"Waiting for the event of probe call {probes[^1].RequestId}.",
                null, null);
        }

        var received = Received(arrived, channel)!.Value;
        var latency = received.At - arrived.CalledAt;
        if (received.OnlyByCatchUp)
        {
            return Result(HealthStatus.Degraded,
                $"The log file of probe call {arrived.RequestId} was found only by the catch-up listing, {Format(latency)} after the call: its SNS notification did not arrive.",
                "Check that the log bucket notifies the SNS topic of the configuration and that the topic's subscription to /webhooks/aws/sns is confirmed.",
                latency);
        }

        return latency <= degradedAfter
            ? Result(HealthStatus.Ok, $"The event of probe call {arrived.RequestId} arrived {Format(latency)} after the call.", null, latency)
            : Result(HealthStatus.Degraded, $"The event of probe call {arrived.RequestId} arrived late, {Format(latency)} after the call (ok up to {Format(degradedAfter)}).", LateRemediation(channel), latency);
    }

    private static (DateTimeOffset At, bool OnlyByCatchUp)? Received(ProbeCall probe, string channel)
    {
        if (channel == EventChannels.RealTime)
        {
            return probe.ReceivedAt.TryGetValue(EventChannels.RealTime, out var at) ? (at, false) : null;
        }

        // A notified log file counts even when the catch-up listing found it first.
        if (probe.ReceivedAt.TryGetValue(EventChannels.LogFile, out var notified))
        {
            return (notified, false);
        }

        return probe.ReceivedAt.TryGetValue(EventChannels.CatchUp, out var listed) ? (listed, true) : null;
    }

    private static string MissingMessage(string channel, ProbeCall probe, TimeSpan age) => channel == EventChannels.RealTime
        ? $"No real-time delivery of probe call {probe.RequestId} arrived in the {Format(age)} since the call."
        : $"No log file with probe call {probe.RequestId} arrived in the {Format(age)} since the call: neither an SNS notification nor the catch-up listing reported it.";

    private static string MissingRemediation(string channel) => channel == EventChannels.RealTime
        ? "Check the EventBridge rule on \"AWS API Call via CloudTrail\", its API destination and connection key, and that /webhooks/aws/realtime is reachable from AWS."
        : "Check that the organization trail is logging to the bucket of the configured access point, that S3 notifies the SNS topic, and that the topic's subscription to /webhooks/aws/sns is confirmed.";

    private static string LateRemediation(string channel) => channel == EventChannels.RealTime
        ? "Check the API destination's invocation rate limit and the response time of /webhooks/aws/realtime."
        : "CloudTrail usually writes a log file within 15 minutes; check the trail's delivery errors in the CloudTrail console.";

    private static ProbeEventObservation? LastOf(IReadOnlyDictionary<string, ProbeEventObservation> lastEvents, params string[] channels) =>
        channels.Select(channel => lastEvents.GetValueOrDefault(channel)).Where(observation => observation is not null).MaxBy(observation => observation!.ReceivedAt);

    private static string Format(TimeSpan span) => span.TotalSeconds < 120
        ? span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s"
        : span.TotalMinutes.ToString("0.0", CultureInfo.InvariantCulture) + " min";
}
