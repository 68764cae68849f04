using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Deliveries;
using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.S3;

/// <summary>
/// Announces new objects as S3 event notifications (event version 2.1) published to the
/// bucket's SNS topic, and sends the <c>s3:TestEvent</c> that S3 sends when a notification
/// is set up.
/// </summary>
public sealed class S3EventNotifier(SnsPublisher publisher, TimeProvider timeProvider)
{
    private const string Subject = "Amazon S3 Notification";
    private long sequence;

    /// <summary>Publishes an <c>ObjectCreated:Put</c> event for the object.</summary>
    public void ObjectCreated(BucketState bucket, string key, S3ObjectState item, string principalId, string sourceIp, TimeSpan delay)
    {
        if (bucket.NotificationTopicArn is null)
        {
            return;
        }

        var record = new JsonObject
        {
            ["eventVersion"] = "2.1",
            ["eventSource"] = "aws:s3",
            ["awsRegion"] = bucket.Region,
            ["eventTime"] = item.LastModified.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["eventName"] = "ObjectCreated:Put",
            ["userIdentity"] = new JsonObject { ["principalId"] = principalId },
            ["requestParameters"] = new JsonObject { ["sourceIPAddress"] = sourceIp },
            ["responseElements"] = new JsonObject
            {
                ["x-amz-request-id"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)),
                ["x-amz-id-2"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(56)),
            },
            ["s3"] = new JsonObject
            {
                ["s3SchemaVersion"] = "1.0",
                ["configurationId"] = "honeytoken-trail-logs-notification",
                ["bucket"] = new JsonObject
                {
                    ["name"] = bucket.Name,
                    ["ownerIdentity"] = new JsonObject { ["principalId"] = "A" + bucket.OwnerAccountId },
                    ["arn"] = $"arn:aws:s3:::{bucket.Name}",
                },
                ["object"] = new JsonObject
                {
                    ["key"] = EncodeKey(key),
                    ["size"] = item.Content.Length,
                    ["eTag"] = item.ETag.Trim('"'),
                    ["sequencer"] = Interlocked.Increment(ref sequence).ToString("X18", CultureInfo.InvariantCulture),
                },
            },
        };
        var message = new JsonObject { ["Records"] = new JsonArray(record) };
        publisher.Publish(bucket.NotificationTopicArn, Subject, message.ToJsonString(AwsJson.Options), delay);
    }

    /// <summary>Publishes the <c>s3:TestEvent</c> for the bucket.</summary>
    public void TestEvent(BucketState bucket)
    {
        if (bucket.NotificationTopicArn is null)
        {
            return;
        }

        var message = new JsonObject
        {
            ["Service"] = "Amazon S3",
            ["Event"] = "s3:TestEvent",
            ["Time"] = timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["Bucket"] = bucket.Name,
            ["RequestId"] = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8)),
            ["HostId"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(56)),
        };
        publisher.Publish(bucket.NotificationTopicArn, Subject, message.ToJsonString(AwsJson.Options), TimeSpan.Zero);
    }

    // S3 event notifications carry the key form-URL-encoded (a space becomes '+'), with '/' kept.
    private static string EncodeKey(string key) => string.Join('/', key.Split('/').Select(WebUtility.UrlEncode));
}
