using Honeytoken.Grains.Auditing;
using Honeytoken.Grains.Storage;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Honeytoken.Grains.Alerts;

/// <summary>The list of an installation's destinations, which every notice is fanned out to.</summary>
public sealed class AlertDispatcherState
{
    public List<Guid> DestinationIds { get; set; } = [];
}

/// <summary>
/// Keeps the installation's destinations and hands each notice to all of them. Notices run
/// interleaved with each other, because each destination grain orders its own queue.
/// </summary>
public sealed class AlertDispatcherGrain(
    [PersistentState("alertDispatcher", GrainStorage.Name)] IPersistentState<AlertDispatcherState> state,
    ILogger<AlertDispatcherGrain> logger) : Grain, IAlertDispatcherGrain
{
    [ReadOnly]
    public async Task NotifyAsync(AlertNotice notice, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(notice);

        var destinations = state.State.DestinationIds.ToArray();
        if (destinations.Length == 0)
        {
            // Counted once per trigger rather than per event, so a flood does not flood the log.
            if (notice.Action == AlertAction.HoneytokenTriggered)
            {
                AlertLog.NoDestination(logger, notice.Honeytoken.Id);
            }

            return;
        }

        var enqueues = destinations.Select(id => EnqueueAsync(id, notice, cancellationToken));
        await Task.WhenAll(enqueues);
    }

    public async Task<DestinationResult> CreateDestinationAsync(DestinationSettings settings, Actor actor, CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid();
        var result = await GrainFactory.GetGrain<IAlertDestinationGrain>(id).CreateAsync(settings, actor, cancellationToken);
        if (result.Error is not null)
        {
            return result;
        }

        state.State.DestinationIds.Add(id);
        await state.WriteStateAsync(cancellationToken);
        return result;
    }

    [ReadOnly]
    public async Task<IReadOnlyList<DestinationView>> ListDestinationsAsync(CancellationToken cancellationToken = default)
    {
        var views = await Task.WhenAll(state.State.DestinationIds.Select(id => GrainFactory.GetGrain<IAlertDestinationGrain>(id).GetAsync(cancellationToken)));
        return [.. views.OfType<DestinationView>().OrderBy(view => view.CreatedAt)];
    }

    public async Task<bool> DeleteDestinationAsync(Guid destinationId, Actor actor, CancellationToken cancellationToken = default)
    {
        if (!state.State.DestinationIds.Remove(destinationId))
        {
            return false;
        }

        // Removed from the list first, so no notice reaches a destination being deleted.
        await state.WriteStateAsync(cancellationToken);
        await GrainFactory.GetGrain<IAlertDestinationGrain>(destinationId).DeleteAsync(actor, cancellationToken);
        return true;
    }

    [ReadOnly]
    public async Task<IReadOnlyList<DestinationHealth>> GetHealthAsync(CancellationToken cancellationToken = default)
    {
        var health = await Task.WhenAll(state.State.DestinationIds.Select(id => GrainFactory.GetGrain<IAlertDestinationGrain>(id).GetHealthAsync(cancellationToken)));
        return [.. health.OfType<DestinationHealth>()];
    }

    private async Task EnqueueAsync(Guid destinationId, AlertNotice notice, CancellationToken cancellationToken)
    {
        try
        {
            await GrainFactory.GetGrain<IAlertDestinationGrain>(destinationId).EnqueueAsync(notice, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            AlertLog.EnqueueFailed(logger, exception, notice.Honeytoken.Id, destinationId);
            throw;
        }
    }
}
