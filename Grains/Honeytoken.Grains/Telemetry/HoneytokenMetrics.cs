using System.Diagnostics.Metrics;
using Honeytoken.Grains.Alerts;
using Honeytoken.Grains.Events;

namespace Honeytoken.Grains.Telemetry;

/// <summary>
/// The service's own instruments, on the <see cref="MeterName"/> meter. Every attribute has a
/// small, fixed set of values: channels, outcomes, AWS service and operation names, error
/// codes. Key ids, ARNs, token ids and secrets never become attributes.
/// </summary>
public sealed class HoneytokenMetrics
{
    /// <summary>The name of the meter that the exporters subscribe to.</summary>
    public const string MeterName = "Honeytoken";

    /// <summary>Bucket bounds in seconds, from 5 ms to 30 s, for durations on the event path.</summary>
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly Counter<long> eventsReceived;
    private readonly Counter<long> eventsAttributed;
    private readonly Histogram<double> eventStoreDuration;
    private readonly Counter<long> alertDeliveryAttempts;
    private readonly Counter<long> awsCalls;
    private readonly Counter<long> keysProvisioned;
    private readonly Counter<long> outboxAlertsResumed;

    public HoneytokenMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);

        var meter = meterFactory.Create(MeterName);

        eventsReceived = meter.CreateCounter<long>(
            "honeytoken.events.received",
            unit: "{event}",
            description: "CloudTrail records that a channel received, and for the unlogged_use channel the uses that the sweep detected.");

        eventsAttributed = meter.CreateCounter<long>(
            "honeytoken.events.attributed",
            unit: "{event}",
            description: "Received events attributed to a honeytoken, by channel and by what storing them did.");

        eventStoreDuration = meter.CreateHistogram(
            "honeytoken.event.store.duration",
            unit: "s",
            description: "Time from a channel handing a record over to routing until its new event is stored and its alert queued.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });

        alertDeliveryAttempts = meter.CreateCounter<long>(
            "honeytoken.alert.delivery.attempts",
            unit: "{attempt}",
            description: "Attempts to deliver an alert, by destination type and outcome.");

        awsCalls = meter.CreateCounter<long>(
            "honeytoken.aws.calls",
            unit: "{call}",
            description: "Completed AWS API calls, after the client's retries, by service, operation and outcome.");

        keysProvisioned = meter.CreateCounter<long>(
            "honeytoken.keys.provisioned",
            unit: "{key}",
            description: "Honeytoken keys whose provisioning finished, by outcome: pooled or failed.");

        outboxAlertsResumed = meter.CreateCounter<long>(
            "honeytoken.alert.outbox.resumed",
            unit: "{alert}",
            description: "Alerts of stored events that the outbox sweep handed to the dispatcher because the path that stored the event did not.");
    }

    /// <summary>Counts one record (or detected use) received on <paramref name="channel"/>, one of <see cref="EventChannels"/>.</summary>
    public void EventReceived(string channel) =>
        eventsReceived.Add(1, new KeyValuePair<string, object?>(TagNames.Channel, channel));

    /// <summary>Counts one event attributed to a honeytoken and what storing it did.</summary>
    public void EventAttributed(string channel, EventRecordOutcome outcome) =>
        eventsAttributed.Add(
            1,
            new KeyValuePair<string, object?>(TagNames.Channel, channel),
            new KeyValuePair<string, object?>(TagNames.EventOutcome, OutcomeName(outcome)));

    /// <summary>Records the time that a new event took from its channel to storage.</summary>
    public void EventStored(string channel, TimeSpan elapsed) =>
        eventStoreDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(TagNames.Channel, channel));

    /// <summary>Counts one alert delivery attempt.</summary>
    public void AlertDeliveryAttempted(DestinationType destinationType, AttemptOutcome outcome) =>
        alertDeliveryAttempts.Add(
            1,
            new KeyValuePair<string, object?>(TagNames.DestinationType, destinationType switch
            {
                DestinationType.Webhook => "webhook",
                DestinationType.Slack => "slack",
                DestinationType.Email => "email",
                _ => "other",
            }),
            new KeyValuePair<string, object?>(TagNames.DeliveryOutcome, outcome switch
            {
                AttemptOutcome.Delivered => "delivered",
                AttemptOutcome.WillRetry => "will_retry",
                AttemptOutcome.GaveUp => "gave_up",
                _ => "other",
            }));

    /// <summary>
    /// Counts one completed AWS call. <paramref name="errorType"/> is null for a success, else
    /// the AWS error code or the exception's type name.
    /// </summary>
    public void AwsCallCompleted(string service, string operation, string? errorType)
    {
        if (errorType is null)
        {
            awsCalls.Add(
                1,
                new KeyValuePair<string, object?>(TagNames.RpcService, service),
                new KeyValuePair<string, object?>(TagNames.RpcMethod, operation),
                new KeyValuePair<string, object?>(TagNames.AwsOutcome, "success"));
            return;
        }

        awsCalls.Add(
            1,
            new KeyValuePair<string, object?>(TagNames.RpcService, service),
            new KeyValuePair<string, object?>(TagNames.RpcMethod, operation),
            new KeyValuePair<string, object?>(TagNames.AwsOutcome, "error"),
            new KeyValuePair<string, object?>(TagNames.ErrorType, errorType));
    }

    /// <summary>Counts one key whose provisioning finished: pooled when <paramref name="pooled"/>, else failed.</summary>
    public void KeyProvisioned(bool pooled) =>
        keysProvisioned.Add(1, new KeyValuePair<string, object?>(TagNames.ProvisioningOutcome, pooled ? "pooled" : "failed"));

    /// <summary>Counts alerts that the outbox sweep handed to the dispatcher.</summary>
    public void OutboxAlertsResumed(int count) => outboxAlertsResumed.Add(count);

    private static string OutcomeName(EventRecordOutcome outcome) => outcome switch
    {
        EventRecordOutcome.Stored => "stored",
        EventRecordOutcome.Merged => "merged",
        EventRecordOutcome.UnknownToken => "unknown_token",
        _ => "other",
    };

    /// <summary>Attribute names: OpenTelemetry's where a semantic convention exists, else under <c>honeytoken.</c>.</summary>
    private static class TagNames
    {
        public const string Channel = "honeytoken.channel";
        public const string EventOutcome = "honeytoken.event.outcome";
        public const string DestinationType = "honeytoken.alert.destination.type";
        public const string DeliveryOutcome = "honeytoken.alert.delivery.outcome";
        public const string ProvisioningOutcome = "honeytoken.provisioning.outcome";
        public const string AwsOutcome = "honeytoken.aws.outcome";
        public const string RpcService = "rpc.service";
        public const string RpcMethod = "rpc.method";
        public const string ErrorType = "error.type";
    }
}
