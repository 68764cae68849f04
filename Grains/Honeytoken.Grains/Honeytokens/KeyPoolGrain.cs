using Honeytoken.Grains.Setup;
using Honeytoken.Grains.Storage;
using Microsoft.Extensions.Logging;

namespace Honeytoken.Grains.Honeytokens;

/// <summary>
/// The pooled tokens of one installation, in the order they were provisioned. Each change is
/// saved before it is returned, so a token id is handed out at most once.
/// </summary>
public sealed class KeyPoolGrain(
    [PersistentState("pool", GrainStorage.Name)] IPersistentState<KeyPoolState> state,
    ILogger<KeyPoolGrain> logger) : Grain, IKeyPoolGrain, IKeyPoolStockGrain
{
    private string InstallationId => this.GetPrimaryKeyString();

    public async Task<Guid?> TakeAsync()
    {
        if (state.State.TokenIds.Count == 0)
        {
            RequestRefill();
            return null;
        }

        // NOTE: a caller that dies between this call and AssignAsync leaves a token that is
        // pooled in AWS and in its row but no longer in the pool. Nothing returns it yet.
        var tokenId = state.State.TokenIds[0];
        state.State.TokenIds.RemoveAt(0);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            state.State.TokenIds.Insert(0, tokenId);
            throw;
        }

        HoneytokenLog.PoolTaken(logger, InstallationId, tokenId, state.State.TokenIds.Count);
        RequestRefill();
        return tokenId;
    }

    public async Task ReturnAsync(Guid tokenId)
    {
        if (state.State.TokenIds.Contains(tokenId))
        {
            return;
        }

        // A returned token goes to the front: it is the oldest key, and the caller took it first.
        state.State.TokenIds.Insert(0, tokenId);
        await state.WriteStateAsync();
        HoneytokenLog.PoolReturned(logger, InstallationId, tokenId, state.State.TokenIds.Count);
        RequestRefill();
    }

    public Task<int> CountAsync() => Task.FromResult(state.State.TokenIds.Count);

    public async Task<int> AddAsync(IReadOnlyList<Guid> tokenIds)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);

        var added = tokenIds.Where(id => !state.State.TokenIds.Contains(id)).Distinct().ToList();
        if (added.Count > 0)
        {
            state.State.TokenIds.AddRange(added);
            await state.WriteStateAsync();
        }

        return state.State.TokenIds.Count;
    }

    // One-way, so the caller never waits on the set-up grain, which may be busy with AWS.
    private void RequestRefill() =>
        GrainFactory.GetGrain<ITenantProvisioningGrain>(InstallationId).PoolChangedAsync(state.State.TokenIds.Count).Ignore();
}

/// <summary>The durable state of <see cref="KeyPoolGrain"/>.</summary>
[GenerateSerializer, Alias("honeytoken.key-pool-state.v1")]
public sealed class KeyPoolState
{
    /// <summary>Pooled token ids, oldest first.</summary>
    [Id(0)] public List<Guid> TokenIds { get; set; } = [];
}
