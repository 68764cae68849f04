using Orleans.Concurrency;
namespace Honeytoken.Grains.Setup;

/// <summary>The key pool's side of the set-up grain: it reports each change of the pool size.</summary>
public interface ITenantProvisioningGrain : IGrainWithStringKey
{
    /// <summary>Records the pool size and, when it is below the configured size, starts refilling it.</summary>
    [OneWay]
    Task PoolChangedAsync(int available);
}
