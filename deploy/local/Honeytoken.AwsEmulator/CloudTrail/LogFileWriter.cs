using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Deliveries;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.S3;
using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.CloudTrail;

/// <summary>
/// Writes pending records to the log bucket as CloudTrail does for an organization trail:
/// one gzipped <c>{"Records":[…]}</c> object per account and region under
/// <c>AWSLogs/&lt;org-id&gt;/&lt;account&gt;/CloudTrail/&lt;region&gt;/YYYY/MM/DD/</c>, with a
/// digest file beside them under <c>CloudTrail-Digest/</c>. Runs every
/// <see cref="AwsEmulatorOptions.LogFileInterval"/> and on demand.
/// </summary>
public sealed class LogFileWriter(
    EmulatorState state,
    CloudTrailRecorder recorder,
    S3ObjectStore store,
    FaultInjector faults,
    StateStore stateStore,
    AwsEmulatorOptions options,
    TimeProvider timeProvider,
    ILogger<LogFileWriter> logger) : BackgroundService
{
    // S3 names the CloudTrail service principal's delivery session in notifications of its writes.
    private const string DeliveryPrincipal = "AWS:AROAEMULATORCLOUDTRAIL:regionalDeliverySession";
    private const string DeliverySourceIp = "127.0.0.1";

    private readonly SemaphoreSlim flushGate = new(1, 1);

    /// <summary>Writes every pending record now. Returns the keys of the objects written, log files and digests.</summary>
    public async Task<IReadOnlyList<string>> FlushAsync(CancellationToken cancellationToken)
    {
        await flushGate.WaitAsync(cancellationToken);
        try
        {
            return Flush();
        }
        finally
        {
            flushGate.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.LogFileInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await FlushAsync(stoppingToken);
                await stateStore.SaveAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.LogFileWriteFailed(logger, exception);
            }
        }
    }

    private List<string> Flush()
    {
        string? bucketName;
        string? organizationId;
        string trailName;
        string homeRegion;
        lock (state.Gate)
        {
            bucketName = state.Trail.BucketName;
            organizationId = state.Organization?.Id;
            trailName = state.Trail.Name;
            homeRegion = state.Trail.HomeRegion;
            if (bucketName is null || !state.Buckets.ContainsKey(bucketName))
            {
                return [];
            }
        }

        var records = recorder.TakePendingLogRecords();
        var now = timeProvider.GetUtcNow();
        var groups = records
            .GroupBy(r => (Account: r["recipientAccountId"]!.GetValue<string>(), Region: r["awsRegion"]!.GetValue<string>()))
            .OrderBy(g => g.Key.Account, StringComparer.Ordinal).ThenBy(g => g.Key.Region, StringComparer.Ordinal)
            .ToList();
        if (faults.Settings.OutOfOrderDelivery)
        {
            groups.Reverse();
        }

        var written = new List<string>();
        foreach (var group in groups)
        {
            // An organization trail puts the organization id before the account id.
            var root = organizationId is null ? $"AWSLogs/{group.Key.Account}" : $"AWSLogs/{organizationId}/{group.Key.Account}";
            var day = now.UtcDateTime.ToString("yyyy'/'MM'/'dd", CultureInfo.InvariantCulture);
            var key = $"{root}/CloudTrail/{group.Key.Region}/{day}/{group.Key.Account}_CloudTrail_{group.Key.Region}_{now.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture)}_{RandomSuffix()}.json.gz";
            // CloudTrail stores log files with Content-Type application/json and Content-Encoding gzip,
            // as users of awslabs/landing-zone-accelerator-on-aws report from their log buckets.
            var content = Gzip(new JsonObject { ["Records"] = new JsonArray(group.Select(r => (JsonNode)r.DeepClone()).ToArray()) });
            store.Put(bucketName, key, content, "application/json", "gzip", DeliveryPrincipal, DeliverySourceIp, TimeSpan.Zero);
            Log.LogFileWritten(logger, bucketName, key, group.Count());
            written.Add(key);

            var digestKey = $"{root}/CloudTrail-Digest/{group.Key.Region}/{day}/{group.Key.Account}_CloudTrail-Digest_{group.Key.Region}_{trailName}_{homeRegion}_{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.json.gz";
            var digest = Digest(bucketName, group.Key.Account, key, content, digestKey, group.ToList(), now);
            store.Put(bucketName, digestKey, Gzip(digest), "application/json", "gzip", DeliveryPrincipal, DeliverySourceIp, TimeSpan.Zero);
            written.Add(digestKey);
        }

        return written;
    }

    private JsonObject Digest(string bucketName, string accountId, string logKey, byte[] logContent, string digestKey, List<JsonObject> records, DateTimeOffset now)
    {
        var times = records.Select(r => r["eventTime"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
        string? previous;
        string? previousHash;
        lock (state.Gate)
        {
            previous = state.Trail.PreviousDigestKey;
            previousHash = state.Trail.PreviousDigestHash;
        }

        // NOTE: digest files carry no RSA signature in the object metadata, so CloudTrail's
        // validate-logs command cannot check them. The hashes of the log files are real.
        var digest = new JsonObject
        {
            ["awsAccountId"] = accountId,
            ["digestStartTime"] = CloudTrailRecordBuilder.Time(now - options.LogFileInterval),
            ["digestEndTime"] = CloudTrailRecordBuilder.Time(now),
            ["digestS3Bucket"] = bucketName,
            ["digestS3Object"] = digestKey,
            ["digestPublicKeyFingerprint"] = null,
            ["digestSignatureAlgorithm"] = "SHA256withRSA",
            ["newestEventTime"] = times[^1],
            ["oldestEventTime"] = times[0],
            ["previousDigestS3Bucket"] = previous is null ? null : bucketName,
            ["previousDigestS3Object"] = previous,
            ["previousDigestHashValue"] = previousHash,
            ["previousDigestHashAlgorithm"] = previous is null ? null : "SHA-256",
            ["previousDigestSignature"] = null,
            ["logFiles"] = new JsonArray(new JsonObject
            {
                ["s3Bucket"] = bucketName,
                ["s3Object"] = logKey,
                ["hashValue"] = Convert.ToHexStringLower(SHA256.HashData(logContent)),
                ["hashAlgorithm"] = "SHA-256",
                ["newestEventTime"] = times[^1],
                ["oldestEventTime"] = times[0],
            }),
        };

        // The next digest file names this one by key and by the SHA-256 of its uncompressed content.
        lock (state.Gate)
        {
            state.Trail.PreviousDigestKey = digestKey;
            state.Trail.PreviousDigestHash = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(digest.ToJsonString(AwsJson.Options))));
        }

        return digest;
    }

    private static string RandomSuffix() => RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 16);

    private static byte[] Gzip(JsonObject document)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(document.ToJsonString(AwsJson.Options)));
        }

        return output.ToArray();
    }
}
