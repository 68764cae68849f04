namespace Honeytoken.Grains.Events;

/// <summary>What the service does with a CloudTrail record.</summary>
public enum RecordDisposition
{
    /// <summary>
    /// Ignored without error: a service event, an Insights event, a network activity event, or a
    /// console sign-in that carries no honeytoken key.
    /// </summary>
    NotKeyUse,

    /// <summary>A call by an identity that no honeytoken owns. The channel counts and drops it.</summary>
    NotOwned,

    /// <summary>A use of a honeytoken, to be stored as an event of that token.</summary>
    HoneytokenEvent,
}
