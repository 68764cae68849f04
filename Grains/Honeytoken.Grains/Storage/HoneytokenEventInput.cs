namespace Honeytoken.Grains.Storage;

/// <summary>
/// A use of a honeytoken's key, as an event channel reports it. The grain stores it in
/// <c>honeytoken_events</c>; <see cref="EventKey"/> deduplicates reports of the same event.
/// </summary>
[GenerateSerializer, Immutable, Alias("honeytoken.event-input.v1")]
public sealed record HoneytokenEventInput
{
    /// <summary>The deduplication key: the CloudTrail eventID with eventName and eventTime.</summary>
    [Id(0)] public required string EventKey { get; init; }

    [Id(1)] public required DateTimeOffset EventTime { get; init; }

    /// <summary>The API action, such as <c>sts:GetCallerIdentity</c>.</summary>
    [Id(2)] public required string Action { get; init; }

    [Id(3)] public string? IpAddress { get; init; }

    [Id(4)] public string? Region { get; init; }

    [Id(5)] public string? UserAgent { get; init; }

    [Id(6)] public string? ErrorCode { get; init; }

    /// <summary>The channel that reported the event, such as <c>realtime</c> or <c>log_file</c>.</summary>
    [Id(7)] public required string Channel { get; init; }
}
