using System.Buffers;
using System.Collections.Concurrent;

namespace Honeytoken.Grains.Events.Routing;

/// <summary>
/// A silo-local copy of recent <see cref="IAccessKeyRouteGrain"/> results, so that a log file
/// with thousands of records from the same few identities costs a few grain calls, not
/// thousands.
/// </summary>
/// <remarks>
/// A result is kept for <see cref="PositiveLifetime"/> when it names a token and for
/// <see cref="NegativeLifetime"/> when it does not. A key is routed before it can appear in any
/// record: provisioning routes a key before handing it out, and this silo puts the temporary
/// keys it routes into the cache itself. Only a temporary key routed on another silo can be
/// missed here for up to <see cref="NegativeLifetime"/>, when this silo has just seen records
/// of that key that came before the minting record.
/// </remarks>
public sealed class RouteCache(TimeProvider timeProvider)
{
    /// <summary>How long a result that names a token is kept.</summary>
    public static readonly TimeSpan PositiveLifetime = TimeSpan.FromMinutes(5);

    /// <summary>How long a result that names no token is kept.</summary>
    public static readonly TimeSpan NegativeLifetime = TimeSpan.FromSeconds(30);

    /// <summary>The number of entries at which the cache is emptied, which bounds its memory.</summary>
    public const int MaxEntries = 100_000;

    private const int MaxStackKeyLength = 256;

    private readonly ConcurrentDictionary<string, (Guid? TokenId, DateTimeOffset ExpiresAt)> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string? InstallationId, DateTimeOffset ExpiresAt)> _healthMonitors = new(StringComparer.Ordinal);

    /// <summary>Returns whether an unexpired result is cached for the route key.</summary>
    public bool TryGet(string routeKey, out Guid? tokenId)
    {
        if (_entries.TryGetValue(routeKey, out var entry) && entry.ExpiresAt > timeProvider.GetUtcNow())
        {
            tokenId = entry.TokenId;
            return true;
        }

        tokenId = null;
        return false;
    }

    /// <summary>
    /// Returns whether an unexpired result is cached for the route key <paramref name="prefix"/>
    /// followed by <paramref name="identifier"/>, without making that key as a string, so that
    /// the records of identities that no token owns are settled without allocating.
    /// </summary>
    public bool TryGet(string prefix, string identifier, out Guid? tokenId)
    {
        var found = TryGetByParts(_entries, prefix, identifier, out var entry);
        tokenId = found ? entry.Value : null;
        return found;
    }

    /// <summary>The health-monitor counterpart of <see cref="TryGet(string, string, out Guid?)"/>.</summary>
    public bool TryGetHealthMonitor(string prefix, string identifier, out string? installationId)
    {
        var found = TryGetByParts(_healthMonitors, prefix, identifier, out var entry);
        installationId = found ? entry.Value : null;
        return found;
    }

    private bool TryGetByParts<T>(ConcurrentDictionary<string, (T Value, DateTimeOffset ExpiresAt)> entries, string prefix, string identifier, out (T Value, DateTimeOffset ExpiresAt) entry)
    {
        var length = prefix.Length + identifier.Length;
        var rented = length > MaxStackKeyLength ? ArrayPool<char>.Shared.Rent(length) : null;
        try
        {
            var key = rented is null ? stackalloc char[length] : rented.AsSpan(0, length);
            prefix.AsSpan().CopyTo(key);
            identifier.AsSpan().CopyTo(key[prefix.Length..]);
            return entries.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out entry) && entry.ExpiresAt > timeProvider.GetUtcNow();
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// Caches the result of a route grain. A result that names no token does not replace an
    /// unexpired one that names a token: a lookup that started before a temporary key was
    /// routed can end after the router cached the new route, and must not hide it.
    /// </summary>
    public void Set(string routeKey, Guid? tokenId)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        var now = timeProvider.GetUtcNow();
        var lifetime = tokenId is null ? NegativeLifetime : PositiveLifetime;
        _entries.AddOrUpdate(
            routeKey,
            static (_, added) => (added.TokenId, added.ExpiresAt),
            static (_, existing, added) => added.TokenId is null && existing.TokenId is not null && existing.ExpiresAt > added.Now
                ? existing
                : (added.TokenId, added.ExpiresAt),
            (TokenId: tokenId, ExpiresAt: now + lifetime, Now: now));
    }

    /// <summary>Returns whether an unexpired health-monitor result is cached for the route key of an access key.</summary>
    public bool TryGetHealthMonitor(string routeKey, out string? installationId)
    {
        if (_healthMonitors.TryGetValue(routeKey, out var entry) && entry.ExpiresAt > timeProvider.GetUtcNow())
        {
            installationId = entry.InstallationId;
            return true;
        }

        installationId = null;
        return false;
    }

    /// <summary>
    /// Caches whether an access key is a health monitor's probe key. A probe key is routed
    /// before the monitor calls AWS with it, so a negative result cannot hide a probe for long.
    /// </summary>
    public void SetHealthMonitor(string routeKey, string? installationId)
    {
        if (_healthMonitors.Count >= MaxEntries)
        {
            _healthMonitors.Clear();
        }

        var lifetime = installationId is null ? NegativeLifetime : PositiveLifetime;
        _healthMonitors[routeKey] = (installationId, timeProvider.GetUtcNow() + lifetime);
    }
}
