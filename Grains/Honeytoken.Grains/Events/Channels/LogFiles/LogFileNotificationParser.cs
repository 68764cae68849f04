using System.Text.Json;

namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>
/// Reads the <c>Message</c> of an SNS notification on the log topic and lists the CloudTrail
/// log files to fetch.
/// </summary>
/// <remarks>
/// Two formats arrive on such a topic. S3 event notifications list records with
/// <c>s3.bucket.name</c> and <c>s3.object.key</c>, where the key is URL-encoded (<c>+</c> for a
/// space, <c>%XX</c> for other bytes). CloudTrail's own notifications give <c>s3Bucket</c> and an
/// <c>s3ObjectKey</c> array of plain keys. Digest and Insights files, keys that are not
/// CloudTrail logs, keys outside the configured prefix and S3 events other than object creation
/// are listed as skipped. The S3 test event and messages in no known format name no objects.
/// </remarks>
public sealed class LogFileNotificationParser(LogFileNotificationOptions options)
{
    private static readonly LogFileNotification Unrecognized = new(LogFileNotificationKind.Unrecognized, [], []);

    /// <summary>Parses <paramref name="message"/>, the <c>Message</c> of a notification.</summary>
    public LogFileNotification Parse(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return Unrecognized;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message);
        }
        catch (JsonException)
        {
            // Plain text, such as a message published by hand to the topic.
            return Unrecognized;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Unrecognized;
            }

            if (root.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array)
            {
                return ParseS3Event(records);
            }

            if (root.TryGetProperty("s3Bucket", out var bucket) && root.TryGetProperty("s3ObjectKey", out var keys))
            {
                return ParseCloudTrailNotification(bucket, keys);
            }

            if (GetString(root, "Event") == "s3:TestEvent")
            {
                return new LogFileNotification(LogFileNotificationKind.S3TestEvent, [], []);
            }

            return Unrecognized;
        }
    }

    private LogFileNotification ParseS3Event(JsonElement records)
    {
        var logFiles = new List<LogFileObject>();
        var skipped = new List<SkippedLogFileObject>();
        foreach (var record in records.EnumerateArray())
        {
            if (record.ValueKind != JsonValueKind.Object
                || !record.TryGetProperty("s3", out var s3)
                || s3.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var bucket = s3.TryGetProperty("bucket", out var bucketElement) ? GetString(bucketElement, "name") : null;
            var encodedKey = s3.TryGetProperty("object", out var objectElement) ? GetString(objectElement, "key") : null;
            if (bucket is null || encodedKey is null)
            {
                continue;
            }

            var key = CloudTrailObjectKey.DecodeNotificationKey(encodedKey);
            var eventName = GetString(record, "eventName");
            if (eventName is null || !eventName.StartsWith("ObjectCreated:", StringComparison.Ordinal))
            {
                skipped.Add(new SkippedLogFileObject(bucket, key, LogFileObjectSkipReason.NotObjectCreated));
                continue;
            }

            Add(bucket, key, logFiles, skipped);
        }

        return new LogFileNotification(LogFileNotificationKind.S3Event, logFiles, skipped);
    }

    private LogFileNotification ParseCloudTrailNotification(JsonElement bucketElement, JsonElement keys)
    {
        var bucket = bucketElement.ValueKind == JsonValueKind.String ? bucketElement.GetString() : null;
        if (bucket is null)
        {
            return Unrecognized;
        }

        var logFiles = new List<LogFileObject>();
        var skipped = new List<SkippedLogFileObject>();

        // The documented format is an array, but a single string is accepted as well.
        if (keys.ValueKind == JsonValueKind.String)
        {
            Add(bucket, keys.GetString()!, logFiles, skipped);
        }
        else if (keys.ValueKind == JsonValueKind.Array)
        {
            foreach (var key in keys.EnumerateArray())
            {
                if (key.ValueKind == JsonValueKind.String)
                {
                    Add(bucket, key.GetString()!, logFiles, skipped);
                }
            }
        }

        return new LogFileNotification(LogFileNotificationKind.CloudTrail, logFiles, skipped);
    }

    private void Add(string bucket, string key, List<LogFileObject> logFiles, List<SkippedLogFileObject> skipped)
    {
        if (!key.StartsWith(options.ObjectKeyPrefix, StringComparison.Ordinal))
        {
            skipped.Add(new SkippedLogFileObject(bucket, key, LogFileObjectSkipReason.OutsidePrefix));
            return;
        }

        var kind = CloudTrailObjectKey.Classify(key);
        switch (kind)
        {
            case CloudTrailObjectKind.LogFile:
                logFiles.Add(new LogFileObject(bucket, key, kind));
                break;
            case CloudTrailObjectKind.Digest:
                skipped.Add(new SkippedLogFileObject(bucket, key, LogFileObjectSkipReason.Digest));
                break;
            case CloudTrailObjectKind.Insight:
                skipped.Add(new SkippedLogFileObject(bucket, key, LogFileObjectSkipReason.Insight));
                break;
            default:
                skipped.Add(new SkippedLogFileObject(bucket, key, LogFileObjectSkipReason.NotCloudTrail));
                break;
        }
    }

    private static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
