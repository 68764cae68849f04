using Honeytoken.Grains.Auditing;

namespace Honeytoken.Grains.Alerts;

/// <summary>
/// The alert destinations of one installation (key <see cref="DefaultKey"/>) and the entry
/// point of alerts: it hands each notice to every destination.
/// </summary>
public interface IAlertDispatcherGrain : IGrainWithStringKey
{
    /// <summary>The key of the installation's dispatcher.</summary>
    public const string DefaultKey = "default";

    /// <summary>
    /// Queues the notice at every destination. When the call returns, each destination has
    /// written the delivery to its durable state, so a silo that dies afterwards loses
    /// nothing. A failed call may have queued the notice at some destinations: retrying it
    /// is safe, because delivery is at least once and receivers see a duplicate at worst.
    /// </summary>
    [Alias("NotifyAsync")]
    Task NotifyAsync(AlertNotice notice, CancellationToken cancellationToken = default);

    /// <summary>Creates a destination after validating its settings, including the address check.</summary>
    [Alias("CreateDestinationAsync")]
    Task<DestinationResult> CreateDestinationAsync(DestinationSettings settings, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>Returns every destination, secrets masked.</summary>
    [Alias("ListDestinationsAsync")]
    Task<IReadOnlyList<DestinationView>> ListDestinationsAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes a destination and its pending deliveries. Returns false when it does not exist.</summary>
    [Alias("DeleteDestinationAsync")]
    Task<bool> DeleteDestinationAsync(Guid destinationId, Actor actor, CancellationToken cancellationToken = default);

    /// <summary>
    /// Returns the delivery health of every destination, for the health page: a destination
    /// whose deliveries have failed for longer than the configured time is failing.
    /// </summary>
    [Alias("GetHealthAsync")]
    Task<IReadOnlyList<DestinationHealth>> GetHealthAsync(CancellationToken cancellationToken = default);
}
