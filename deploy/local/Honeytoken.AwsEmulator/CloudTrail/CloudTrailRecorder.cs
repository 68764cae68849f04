using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Deliveries;

namespace Honeytoken.AwsEmulator.CloudTrail;

/// <summary>
/// Keeps every CloudTrail record written so far, hands each new one to the real-time
/// delivery, and keeps the records that the next log file will contain.
/// </summary>
public sealed class CloudTrailRecorder(RealTimeDelivery realTime)
{
    private readonly Lock gate = new();
    private readonly List<JsonObject> records = [];
    private readonly List<JsonObject> pendingLogRecords = [];

    /// <summary>Builds the record of a call, stores it and queues its deliveries.</summary>
    public JsonObject Record(ApiCallEvent call)
    {
        var record = CloudTrailRecordBuilder.Build(call);
        lock (gate)
        {
            records.Add(record);
            pendingLogRecords.Add(record);
        }

        realTime.Enqueue(record);
        return record;
    }

    /// <summary>Returns copies of every record written so far, oldest first.</summary>
    public IReadOnlyList<JsonObject> Snapshot()
    {
        lock (gate)
        {
            return records.Select(r => (JsonObject)r.DeepClone()).ToList();
        }
    }

    /// <summary>Removes and returns the records that no log file contains yet.</summary>
    public IReadOnlyList<JsonObject> TakePendingLogRecords()
    {
        lock (gate)
        {
            var taken = pendingLogRecords.ToList();
            pendingLogRecords.Clear();
            return taken;
        }
    }
}
