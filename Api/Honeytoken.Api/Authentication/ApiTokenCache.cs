using System.Collections.Concurrent;

namespace Honeytoken.Api.Authentication;

/// <summary>
/// Remembers recent token lookups so that a busy client costs one database query per token
/// every <see cref="Lifetime"/> rather than one per request.
/// </summary>
/// <remarks>
/// Revocation through this process evicts the entry at once. Another Api process that cached
/// the token keeps accepting it for at most <see cref="Lifetime"/> (5 seconds), which bounds
/// how late a revocation takes effect everywhere. Expiry is checked against the clock on every
/// request, so it is never late. Unknown values are not cached, so a new token works at once.
/// </remarks>
public sealed class ApiTokenCache(TimeProvider timeProvider)
{
    /// <summary>How long a lookup is reused.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Maximum number of cached tokens. Past it the cache starts afresh, which costs one
    /// lookup per token and keeps memory bounded whatever a caller sends.
    /// </summary>
    public const int MaxEntries = 10_000;

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public bool TryGet(byte[] hash, out ApiToken token)
    {
        if (entries.TryGetValue(Convert.ToHexString(hash), out var entry) &&
            timeProvider.GetUtcNow() - entry.CachedAt < Lifetime)
        {
            token = entry.Token;
            return true;
        }

        token = null!;
        return false;
    }

    public void Set(byte[] hash, ApiToken token)
    {
        if (entries.Count >= MaxEntries)
        {
            entries.Clear();
        }

        entries[Convert.ToHexString(hash)] = new Entry(token, timeProvider.GetUtcNow());
    }

    /// <summary>Drops the token with this id, so that its revocation takes effect here at once.</summary>
    public void Evict(Guid tokenId)
    {
        foreach (var (key, entry) in entries)
        {
            if (entry.Token.Id == tokenId)
            {
                entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(ApiToken Token, DateTimeOffset CachedAt);
}
