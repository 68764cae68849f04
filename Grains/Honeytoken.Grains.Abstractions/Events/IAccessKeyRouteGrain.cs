namespace Honeytoken.Grains.Events;

/// <summary>
/// The honeytoken that one AWS identifier belongs to, keyed by <see cref="AccessKeyRoutes"/>:
/// an access key id (the token's own or a temporary key minted with it), an IAM user ARN or a
/// principal id. A channel routes a record with a few of these calls and no database query:
/// the grain reads its state once when it activates and serves lookups from memory afterwards.
/// </summary>
public interface IAccessKeyRouteGrain : IGrainWithStringKey
{
    /// <summary>Returns the token id, or null when the identifier belongs to no honeytoken.</summary>
    Task<Guid?> GetTokenAsync();

    /// <summary>Routes the identifier to <paramref name="tokenId"/>. Idempotent.</summary>
    Task SetTokenAsync(Guid tokenId);

    /// <summary>Removes the route when it points at <paramref name="tokenId"/>.</summary>
    Task ClearAsync(Guid tokenId);

    /// <summary>
    /// Returns the installation whose health monitor owns the access key (its probe key), or
    /// null. A probe key's events go to the monitor and never to a honeytoken.
    /// </summary>
    Task<string?> GetHealthMonitorAsync();

    /// <summary>Routes the access key to the health monitor of <paramref name="installationId"/>. Idempotent.</summary>
    Task SetHealthMonitorAsync(string installationId);

    /// <summary>Removes the health monitor route of the access key.</summary>
    Task ClearHealthMonitorAsync();
}
