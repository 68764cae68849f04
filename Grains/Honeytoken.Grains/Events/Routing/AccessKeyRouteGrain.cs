using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Events.Routing;

/// <summary>The stored route of one identifier.</summary>
[GenerateSerializer, Alias("honeytoken.access-key-route-state.v1")]
public sealed class AccessKeyRouteState
{
    [Id(0)] public Guid? TokenId { get; set; }

    /// <summary>The installation whose health monitor uses the key as its probe key.</summary>
    [Id(1)] public string? HealthMonitorId { get; set; }
}

/// <summary>
/// Routes one AWS identifier to its honeytoken. The state is read when the grain activates,
/// so the lookups that follow are served from memory.
/// </summary>
public sealed class AccessKeyRouteGrain(
    [PersistentState("route", "honeytoken")] IPersistentState<AccessKeyRouteState> state,
    ILogger<AccessKeyRouteGrain> logger) : Grain, IAccessKeyRouteGrain
{
    public Task<Guid?> GetTokenAsync() => Task.FromResult(state.State.TokenId);

    public async Task SetTokenAsync(Guid tokenId)
    {
        if (state.State.TokenId == tokenId)
        {
            return;
        }

        if (state.State.TokenId is Guid previous)
        {
            IngestionLog.RouteReplaced(logger, this.GetPrimaryKeyString(), previous, tokenId);
        }

        state.State.TokenId = tokenId;
        await state.WriteStateAsync();
    }

    public async Task ClearAsync(Guid tokenId)
    {
        if (state.State.TokenId != tokenId)
        {
            return;
        }

        state.State.TokenId = null;
        await SaveOrClearAsync();
    }

    public Task<string?> GetHealthMonitorAsync() => Task.FromResult(state.State.HealthMonitorId);

    public async Task SetHealthMonitorAsync(string installationId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(installationId);
        if (state.State.HealthMonitorId == installationId)
        {
            return;
        }

        state.State.HealthMonitorId = installationId;
        await state.WriteStateAsync();
    }

    public async Task ClearHealthMonitorAsync()
    {
        if (state.State.HealthMonitorId is null)
        {
            return;
        }

        state.State.HealthMonitorId = null;
        await SaveOrClearAsync();
    }

    private Task SaveOrClearAsync() =>
        state.State.TokenId is null && state.State.HealthMonitorId is null ? state.ClearStateAsync() : state.WriteStateAsync();
}
