using Honeytoken.Grains.Honeytokens;

namespace Honeytoken.Grains.Alerts;

/// <summary>What happened to a honeytoken, in the form every alert destination receives.</summary>
[GenerateSerializer]
public enum AlertAction
{
    /// <summary>The token moved to triggered: its first open event. Sent once per transition.</summary>
    HoneytokenTriggered = 0,

    /// <summary>A further event on a token that is already triggered. Coalesced per destination.</summary>
    NewHoneytokenEvent = 1,
}

/// <summary>
/// The notice that event ingestion gives <see cref="IAlertDispatcherGrain.NotifyAsync"/> after
/// an event row is stored.
/// </summary>
/// <param name="Action">Triggered for the event that moved the token to triggered, otherwise a new event.</param>
/// <param name="Honeytoken">The token after the event was applied. A secret key in it is dropped, never stored or sent.</param>
/// <param name="Event">The stored event.</param>
[GenerateSerializer, Immutable, Alias("honeytoken.alert-notice.v1")]
public sealed record AlertNotice(
    [property: Id(0)] AlertAction Action,
    [property: Id(1)] HoneytokenSnapshot Honeytoken,
    [property: Id(2)] HoneytokenEventSummary Event);

/// <summary>The fields of a stored honeytoken event that alerts show.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.alert-event.v1")]
public sealed record HoneytokenEventSummary
{
    /// <summary>The id of the stored event row.</summary>
    [Id(0)] public required string Id { get; init; }

    /// <summary>The CloudTrail <c>eventID</c>.</summary>
    [Id(1)] public string? EventId { get; init; }

    /// <summary>The CloudTrail <c>eventTime</c>.</summary>
    [Id(2)] public required DateTimeOffset TriggeredAt { get; init; }

    [Id(3)] public string? IpAddress { get; init; }

    /// <summary>The API action, such as <c>GetCallerIdentity</c>.</summary>
    [Id(4)] public string? Action { get; init; }

    /// <summary>The CloudTrail <c>eventSource</c>, such as <c>sts.amazonaws.com</c>.</summary>
    [Id(5)] public string? EventSource { get; init; }

    [Id(6)] public string? Region { get; init; }

    [Id(7)] public string? UserAgent { get; init; }

    [Id(8)] public string? ErrorCode { get; init; }

    /// <summary>The channels that reported the event, such as <c>realtime</c>.</summary>
    [Id(9)] public IReadOnlyList<string> Channels { get; init; } = [];
}
