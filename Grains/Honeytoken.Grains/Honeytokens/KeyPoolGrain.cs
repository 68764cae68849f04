using Honeytoken.Grains.Setup;
using Honeytoken.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Honeytokens;

/// <summary>
/// The pooled tokens of one installation, in the order they were provisioned. Each change is
/// saved before it is returned, so a token id is handed out at most once.
/// </summary>
/// <remarks>
/// A create that takes a key and then fails before the key is handed out, for example because
/// its silo died, leaves the key pooled in AWS and in its row but out of the pool. A timer
/// puts such keys back: every <see cref="ProvisioningOptions.PoolReclaimInterval"/> it reads the
/// pooled rows and re-adds those missing from the pool, except keys taken within
/// <see cref="ProvisioningOptions.PoolReclaimGracePeriod"/>, which a create may still be handing
/// out. The take times live in memory only, so a new activation waits one grace period before
/// its first reclaim. A re-added key that was handed out after all is harmless: its assignment
/// fails, and the create tries the next key.
/// </remarks>
public sealed class KeyPoolGrain(
    [PersistentState("pool", GrainStorage.Name)] IPersistentState<KeyPoolState> state,
    HoneytokenStore store,
    IOptions<ProvisioningOptions> options,
    TimeProvider timeProvider,
    ILogger<KeyPoolGrain> logger) : Grain, IKeyPoolGrain, IKeyPoolStockGrain
{
    // When this activation took each key it has not seen handed back.
    private readonly Dictionary<Guid, DateTimeOffset> takenAt = [];

    private DateTimeOffset activatedAt;

    private string InstallationId => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        activatedAt = timeProvider.GetUtcNow();
        var interval = options.Value.PoolReclaimInterval;

        // KeepAlive, because an activation that idles out loses its grace period, and with
        // sparse creates a new one might never reach its first reclaim. It is one grain per
        // installation.
        this.RegisterGrainTimer(ReclaimAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
        return Task.CompletedTask;
    }

    public async Task<Guid?> TakeAsync()
    {
        if (state.State.TokenIds.Count == 0)
        {
            RequestRefill();
            return null;
        }

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

        takenAt[tokenId] = timeProvider.GetUtcNow();
        HoneytokenLog.PoolTaken(logger, InstallationId, tokenId, state.State.TokenIds.Count);
        RequestRefill();
        return tokenId;
    }

    public async Task ReturnAsync(Guid tokenId)
    {
        takenAt.Remove(tokenId);
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

        // A key taken since is not added back, in case a reclaim got to it first.
        var added = tokenIds.Where(id => !state.State.TokenIds.Contains(id) && !takenAt.ContainsKey(id)).Distinct().ToList();
        if (added.Count > 0)
        {
            state.State.TokenIds.AddRange(added);
            await state.WriteStateAsync();
        }

        return state.State.TokenIds.Count;
    }

    private async Task ReclaimAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var gracePeriod = options.Value.PoolReclaimGracePeriod;
        if (now - activatedAt < gracePeriod)
        {
            // An earlier activation's takes are unknown, and a create may still hold one of them.
            return;
        }

        foreach (var tokenId in takenAt.Where(entry => now - entry.Value >= gracePeriod).Select(entry => entry.Key).ToList())
        {
            takenAt.Remove(tokenId);
        }

        IReadOnlyList<Guid> pooled;
        try
        {
            // Only rows written a grace period ago: a newer pooled row may belong to a key that
            // provisioning has not added to the pool yet, and its add must not repeat a reclaim.
            pooled = await store.ReadPooledIdsAsync(InstallationId, now - gracePeriod, cancellationToken);
        }
        catch (Exception exception) when (exception is Npgsql.NpgsqlException or TimeoutException)
        {
            HoneytokenLog.PoolReclaimFailed(logger, exception, InstallationId);
            return;
        }

        var inPool = state.State.TokenIds.ToHashSet();
        var lost = pooled.Where(id => !inPool.Contains(id) && !takenAt.ContainsKey(id)).ToList();
        if (lost.Count == 0)
        {
            return;
        }

        // At the end, so that the keys provisioned in order are handed out first.
        state.State.TokenIds.AddRange(lost);
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            state.State.TokenIds.RemoveRange(state.State.TokenIds.Count - lost.Count, lost.Count);
            throw;
        }

        foreach (var tokenId in lost)
        {
            HoneytokenLog.PoolReclaimed(logger, InstallationId, tokenId, gracePeriod, state.State.TokenIds.Count);
        }

        RequestRefill();
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
