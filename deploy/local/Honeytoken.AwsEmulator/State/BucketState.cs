namespace Honeytoken.AwsEmulator.State;

/// <summary>An S3 bucket, its access points and its event notification target.</summary>
// Populating the dictionaries created here keeps their comparers when the state file is read.
[System.Text.Json.Serialization.JsonObjectCreationHandling(System.Text.Json.Serialization.JsonObjectCreationHandling.Populate)]
public sealed class BucketState
{
    public required string Name { get; set; }

    public required string Region { get; set; }

    public required string OwnerAccountId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Names of access points, unique within the owner account.</summary>
    public List<string> AccessPoints { get; set; } = [];

    /// <summary>SNS topic that receives <c>s3:ObjectCreated:*</c> notifications, if any.</summary>
    public string? NotificationTopicArn { get; set; }

    /// <summary>Objects by key, kept in key order as ListObjectsV2 returns them.</summary>
    public SortedDictionary<string, S3ObjectState> Objects { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>An S3 object.</summary>
public sealed class S3ObjectState
{
    public required byte[] Content { get; set; }

    public required string ETag { get; set; }

    public string ContentType { get; set; } = "binary/octet-stream";

    public string? ContentEncoding { get; set; }

    public DateTimeOffset LastModified { get; set; }
}
