namespace Honeytoken.Grains.Events;

/// <summary>How a webhook delivery was handled; the webhook maps it to an HTTP status.</summary>
[GenerateSerializer]
public enum IngestionStatus
{
    /// <summary>Stored, or handed to a grain that stores it durably.</summary>
    Accepted = 0,

    /// <summary>Valid, but nothing to store: not a honeytoken, a test event, a replay.</summary>
    Ignored = 1,

    /// <summary>The body is not a message of the expected kind.</summary>
    Invalid = 2,

    /// <summary>The message failed verification: signature, certificate URL, topic or age.</summary>
    Rejected = 3,

    /// <summary>The installation has no configuration yet, so the message cannot be checked.</summary>
    NotConfigured = 4,
}

/// <summary>The outcome of a webhook delivery, with a reason that is safe to return to the caller.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.ingestion-result.v1")]
public sealed record IngestionResult(
    [property: Id(0)] IngestionStatus Status,
    [property: Id(1)] string Detail);
