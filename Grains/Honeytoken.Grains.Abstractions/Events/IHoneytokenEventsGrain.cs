namespace Honeytoken.Grains.Events;

/// <summary>
/// The event side of one honeytoken, keyed by the token id: the grain that stores the token's
/// events and moves it to triggered on its first open event.
/// </summary>
public interface IHoneytokenEventsGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Stores the event, or adds the channel to the stored event with the same key, and returns
    /// only once the row is committed. Throws when the database cannot be reached, so that the
    /// caller does not acknowledge the event to AWS.
    /// </summary>
    Task<EventRecordOutcome> RecordEventAsync(HoneytokenEventReport report);

    /// <summary>
    /// Finishes the alert of a stored event whose outbox row is still there: rebuilds the alert
    /// from the event row, marks the token triggered when the alert is the trigger, hands the
    /// alert to the dispatcher and deletes the row. Throws when the database or the dispatcher
    /// fails, and then the row stays for the next attempt.
    /// </summary>
    Task<PendingAlertOutcome> ResumePendingAlertAsync(string eventKey);
}
