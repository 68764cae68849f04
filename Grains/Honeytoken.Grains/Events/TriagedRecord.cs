namespace Honeytoken.Grains.Events;

/// <summary>A CloudTrail record with the routing decision made for it.</summary>
/// <param name="Record">The record.</param>
/// <param name="Kind">The record's kind.</param>
/// <param name="Disposition">What to do with the record.</param>
/// <param name="Attribution">The honeytoken it belongs to, set only for <see cref="RecordDisposition.HoneytokenEvent"/>.</param>
/// <param name="Tags">The event's tags; empty unless the record is a honeytoken event.</param>
/// <param name="DeduplicationKey">The event's deduplication key; null unless the record is a honeytoken event.</param>
public readonly record struct TriagedRecord(
    CloudTrailRecord Record,
    CloudTrailRecordKind Kind,
    RecordDisposition Disposition,
    RecordAttribution Attribution,
    IReadOnlyList<string> Tags,
    string? DeduplicationKey);
