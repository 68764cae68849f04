using Honeytoken.Grains.Auditing;

namespace Honeytoken.Grains.Alerts;

/// <summary>
/// One alert destination, keyed by its id: its settings, its queue of pending deliveries, the
/// events it is coalescing and the results of its recent attempts. Create and delete it
/// through <see cref="IAlertDispatcherGrain"/>, which keeps the list of destinations.
/// </summary>
public interface IAlertDestinationGrain : IGrainWithGuidKey
{
    /// <summary>Validates and stores the settings of a new destination.</summary>
    [Alias("CreateAsync")]
    Task<DestinationResult> CreateAsync(DestinationSettings settings, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Changes the given settings; the others keep their values.</summary>
    [Alias("UpdateAsync")]
    Task<DestinationResult> UpdateAsync(DestinationPatch patch, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Returns the destination with its status and recent attempts, or null when it does not exist.</summary>
    [Alias("GetAsync")]
    Task<DestinationView?> GetAsync(CancellationToken cancellationToken = default);

    /// <summary>Clears the settings and the pending deliveries.</summary>
    [Alias("DeleteAsync")]
    Task DeleteAsync(Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Queues a notice durably: the state is written before the call returns.</summary>
    [Alias("EnqueueAsync")]
    Task EnqueueAsync(AlertNotice notice, CancellationToken cancellationToken = default);

    /// <summary>Queues a test alert, delivered like any other, and returns its delivery id.</summary>
    [Alias("SendTestAsync")]
    Task<DestinationResult> SendTestAsync(Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Returns the delivery health of this destination.</summary>
    [Alias("GetHealthAsync")]
    Task<DestinationHealth?> GetHealthAsync(CancellationToken cancellationToken = default);
}
