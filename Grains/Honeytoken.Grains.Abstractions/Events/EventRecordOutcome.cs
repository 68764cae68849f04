namespace Honeytoken.Grains.Events;

/// <summary>What storing a reported event did.</summary>
[GenerateSerializer]
public enum EventRecordOutcome
{
    /// <summary>The event is new and was stored.</summary>
    Stored = 0,

    /// <summary>The event was stored already; this channel was added to it, or was listed already.</summary>
    Merged = 1,

    /// <summary>No honeytoken has this id, so nothing was stored.</summary>
    UnknownToken = 2,
}
