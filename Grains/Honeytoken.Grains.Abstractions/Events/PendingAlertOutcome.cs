namespace Honeytoken.Grains.Events;

/// <summary>What resuming an event's alert from the outbox did.</summary>
[GenerateSerializer]
public enum PendingAlertOutcome
{
    /// <summary>The alert was handed to the dispatcher and the outbox row deleted.</summary>
    Resumed = 0,

    /// <summary>The event has no outbox row, because another call finished its alert first.</summary>
    NotPending = 1,

    /// <summary>
    /// The outbox row stays, because no alert can be built from it: the event row is missing,
    /// or the token is not handed out.
    /// </summary>
    Unresolvable = 2,
}
