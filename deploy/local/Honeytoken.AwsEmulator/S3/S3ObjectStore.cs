using System.Security.Cryptography;
using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.S3;

/// <summary>Stores objects and announces each new one through the bucket's notification.</summary>
public sealed class S3ObjectStore(EmulatorState state, S3EventNotifier notifier, TimeProvider timeProvider)
{
    /// <summary>
    /// Stores an object and publishes its event notification, which names
    /// <paramref name="principalId"/> as the writer and is sent after <paramref name="notificationDelay"/>.
    /// </summary>
    public S3ObjectState Put(string bucketName, string key, byte[] content, string? contentType, string? contentEncoding, string principalId, string sourceIp, TimeSpan notificationDelay)
    {
        BucketState bucket;
        S3ObjectState item;
        lock (state.Gate)
        {
            bucket = state.Buckets[bucketName];
            item = new S3ObjectState
            {
                Content = content,
                ETag = "\"" + Convert.ToHexStringLower(MD5.HashData(content)) + "\"",
                ContentType = contentType ?? "binary/octet-stream",
                ContentEncoding = contentEncoding,
                LastModified = timeProvider.GetUtcNow(),
            };
            bucket.Objects[key] = item;
        }

        notifier.ObjectCreated(bucket, key, item, principalId, sourceIp, notificationDelay);
        return item;
    }
}
