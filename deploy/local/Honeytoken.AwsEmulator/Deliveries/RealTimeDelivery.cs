using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.Deliveries;

/// <summary>
/// Sends each CloudTrail record as an EventBridge event ("AWS API Call via CloudTrail") to
/// the real-time webhook once <see cref="AwsEmulatorOptions.RealTimeDelay"/> has passed,
/// as an EventBridge rule with an API destination does.
/// </summary>
public sealed class RealTimeDelivery(
    EmulatorState state,
    AwsEmulatorOptions options,
    FaultInjector faults,
    WebhookSender sender,
    TimeProvider timeProvider) : BackgroundService
{
    private readonly Lock gate = new();
    private readonly List<(DateTimeOffset DueAt, JsonObject Record)> pending = [];
    private readonly SemaphoreSlim wakeUp = new(0);

    /// <summary>Queues a record for delivery after the configured delay and any delay fault.</summary>
    public void Enqueue(JsonObject record)
    {
        lock (gate)
        {
            var delay = options.RealTimeDelay + TimeSpan.FromMilliseconds(faults.Settings.DeliveryDelayMilliseconds);
            pending.Add((timeProvider.GetUtcNow() + delay, record));
        }

        wakeUp.Release();
    }

    /// <summary>Sends every queued record now, whatever its due time.</summary>
    public void Flush() => SendDue(DateTimeOffset.MaxValue);

    /// <summary>Builds the EventBridge envelope of a CloudTrail record.</summary>
    public static JsonObject Envelope(JsonObject record)
    {
        var eventSource = record["eventSource"]!.GetValue<string>();
        return new JsonObject
        {
            ["version"] = "0",
            ["id"] = Guid.NewGuid().ToString(),
            ["detail-type"] = "AWS API Call via CloudTrail",
            ["source"] = "aws." + eventSource[..eventSource.IndexOf('.', StringComparison.Ordinal)],
            ["account"] = record["recipientAccountId"]!.GetValue<string>(),
            ["time"] = record["eventTime"]!.GetValue<string>(),
            ["region"] = record["awsRegion"]!.GetValue<string>(),
            ["resources"] = new JsonArray(),
            ["detail"] = record.DeepClone(),
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            lock (gate)
            {
                wait = pending.Count == 0
                    ? Timeout.InfiniteTimeSpan
                    : pending.Min(p => p.DueAt) - timeProvider.GetUtcNow();
            }

            if (wait == Timeout.InfiniteTimeSpan || wait > TimeSpan.Zero)
            {
                // Sleep until the earliest record is due or a new record arrives.
                using var due = wait == Timeout.InfiniteTimeSpan ? new CancellationTokenSource() : new CancellationTokenSource(wait, timeProvider);
                using var wakeOrDue = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, due.Token);
                try
                {
                    await wakeUp.WaitAsync(wakeOrDue.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                    // The earliest record is due.
                }
            }

            SendDue(timeProvider.GetUtcNow());
        }
    }

    private void SendDue(DateTimeOffset now)
    {
        List<JsonObject> due;
        lock (gate)
        {
            due = pending.Where(p => p.DueAt <= now).OrderBy(p => p.DueAt).Select(p => p.Record).ToList();
            pending.RemoveAll(p => p.DueAt <= now);
        }

        if (faults.Settings.OutOfOrderDelivery)
        {
            due.Reverse();
        }

        DeliveryTargets targets;
        lock (state.Gate)
        {
            targets = state.Deliveries;
        }

        if (targets.RealTimeUrl is null)
        {
            return;
        }

        var headers = new Dictionary<string, string>();
        if (targets.RealTimeApiKey is not null)
        {
            headers[targets.RealTimeHeaderName] = targets.RealTimeApiKey;
        }

        foreach (var record in due)
        {
            var delivery = new WebhookDelivery("EventBridge event", targets.RealTimeUrl, "application/json", Envelope(record).ToJsonString(AwsJson.Options), headers, TimeSpan.Zero);
            sender.Enqueue(delivery);
            if (FaultInjector.Chance(faults.Settings.DuplicateDeliveryRate))
            {
                sender.Enqueue(delivery);
            }
        }
    }
}
