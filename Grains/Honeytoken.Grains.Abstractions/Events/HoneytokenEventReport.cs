namespace Honeytoken.Grains.Events;

/// <summary>
/// One use of a honeytoken as a channel reports it, ready to store. Text values are already
/// in a form PostgreSQL accepts (no NUL character), and the JSON values are bounded in size.
/// </summary>
[GenerateSerializer, Immutable, Alias("honeytoken.event-report.v1")]
public sealed record HoneytokenEventReport
{
    /// <summary>The deduplication key: the CloudTrail eventID with eventName and eventTime.</summary>
    [Id(0)] public required string EventKey { get; init; }

    /// <summary>The <c>eventTime</c> of the record, or the arrival time when the record has none.</summary>
    [Id(1)] public required DateTimeOffset EventTime { get; init; }

    /// <summary>The service prefix and API action, such as <c>sts:GetCallerIdentity</c>.</summary>
    [Id(2)] public required string Action { get; init; }

    [Id(3)] public string? Region { get; init; }

    /// <summary>The <c>sourceIPAddress</c> as written: an address, a service name or empty.</summary>
    [Id(4)] public string? IpAddress { get; init; }

    [Id(5)] public string? UserAgent { get; init; }

    [Id(6)] public string? ErrorCode { get; init; }

    [Id(7)] public string? ErrorMessage { get; init; }

    /// <summary>
    /// A JSON object for the <c>data</c> column: event id, source, name, type, account, user
    /// identity, bounded request parameters and how the record was attributed.
    /// </summary>
    [Id(8)] public required string DataJson { get; init; }

    /// <summary>The whole record as JSON text, bounded in size.</summary>
    [Id(9)] public string? RawRecord { get; init; }

    /// <summary>Tags such as <c>aws-internal</c> or <c>tool:aws-cli</c>.</summary>
    [Id(10)] public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The channel that reported the event; one of <see cref="EventChannels"/>.</summary>
    [Id(11)] public required string Channel { get; init; }
}
