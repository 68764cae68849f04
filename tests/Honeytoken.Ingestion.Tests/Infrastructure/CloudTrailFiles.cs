using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace Honeytoken.Ingestion.Tests.Infrastructure;

/// <summary>Builds CloudTrail records, log files and the S3 notifications that announce them.</summary>
public static class CloudTrailFiles
{
    /// <summary>Returns an sts:GetCallerIdentity record made with <paramref name="accessKeyId"/>.</summary>
    public static JsonObject Record(string accessKeyId, DateTimeOffset time, string? eventId = null, string eventName = "GetCallerIdentity") => new()
    {
        ["eventVersion"] = "1.08",
        ["userIdentity"] = new JsonObject
        {
            ["type"] = "IAMUser",
            ["principalId"] = "AIDAEXAMPLEINGESTION",
            ["arn"] = "arn:aws:iam::111122223333:user/ingestion-test",
            ["accountId"] = "111122223333",
            ["accessKeyId"] = accessKeyId,
            ["userName"] = "ingestion-test",
        },
        ["eventTime"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["eventSource"] = "sts.amazonaws.com",
        ["eventName"] = eventName,
        ["awsRegion"] = "us-east-1",
        ["sourceIPAddress"] = "203.0.113.7",
        ["userAgent"] = "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64",
        ["requestParameters"] = null,
        ["responseElements"] = null,
        ["requestID"] = Guid.NewGuid().ToString(),
        ["eventID"] = eventId ?? Guid.NewGuid().ToString(),
        ["readOnly"] = true,
        ["eventType"] = "AwsApiCall",
        ["managementEvent"] = true,
        ["recipientAccountId"] = "111122223333",
        ["eventCategory"] = "Management",
    };

    /// <summary>Returns a gzipped <c>{"Records":[…]}</c> file.</summary>
    public static byte[] Gzip(IEnumerable<JsonObject> records) =>
        Gzip(Encoding.UTF8.GetBytes(new JsonObject { ["Records"] = new JsonArray(records.Select(r => (JsonNode)r.DeepClone()).ToArray()) }.ToJsonString()));

    /// <summary>Gzips bytes as CloudTrail does.</summary>
    public static byte[] Gzip(byte[] content)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(content);
        }

        return output.ToArray();
    }

    /// <summary>
    /// Returns a fresh object key of <paramref name="account"/> in the layout of an organization
    /// trail, in the day folder of <paramref name="time"/> (default now).
    /// </summary>
    public static string NewKey(string label = "test", string account = "111122223333", DateTime? time = null)
    {
        var at = time ?? DateTime.UtcNow;
        return $"AWSLogs/o-honeytoken1/{account}/CloudTrail/us-east-1/{at:yyyy'/'MM'/'dd}/{account}_CloudTrail_us-east-1_{at:yyyyMMdd'T'HHmm'Z'}_{label}{Guid.NewGuid():N}.json.gz";
    }

    /// <summary>Returns the S3 event notification of one created object, key URL-encoded as S3 writes it.</summary>
    public static string S3Notification(string bucket, string key) => new JsonObject
    {
        ["Records"] = new JsonArray(new JsonObject
        {
            ["eventVersion"] = "2.1",
            ["eventSource"] = "aws:s3",
            ["awsRegion"] = "us-west-2",
            ["eventTime"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["eventName"] = "ObjectCreated:Put",
            ["s3"] = new JsonObject
            {
                ["s3SchemaVersion"] = "1.0",
                ["bucket"] = new JsonObject { ["name"] = bucket, ["arn"] = "arn:aws:s3:::" + bucket },
                ["object"] = new JsonObject { ["key"] = Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal), ["size"] = 100 },
            },
        }),
    }.ToJsonString();
}
