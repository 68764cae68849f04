using System.Security.Cryptography;
using System.Text;
using Honeytoken.Grains.Setup;

namespace Honeytoken.Api.Features.Webhooks;

/// <summary>
/// The header name and key that authenticate real-time deliveries, read from the uploaded
/// configuration and kept in memory so that a delivery costs no grain call.
/// </summary>
/// <remarks>
/// The cached key is read again after <see cref="MaxAge"/>, and at most once per
/// <see cref="MinReloadInterval"/> while no configuration is found or when a delivery presents
/// a key that does not match. So a new or changed key is picked up on the first delivery that
/// uses it, without letting wrong keys cause a grain call each.
/// </remarks>
public sealed class RealTimeWebhookKeyCache(IClusterClient cluster, TimeProvider timeProvider)
{
    /// <summary>How long a key is used before it is read again.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    /// <summary>The shortest time between two reads caused by mismatching keys.</summary>
    public static readonly TimeSpan MinReloadInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _reload = new(1, 1);
    private volatile Entry? _entry;

    /// <summary>Checks the request's key header in constant time. Returns null when no configuration is uploaded.</summary>
    public async Task<bool?> IsAuthorizedAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);

        // A missing configuration is read again sooner than a key. The upload validates the file
        // with AWS calls whose deliveries arrive before it is stored, so caching "none" for
        // MaxAge would reject every delivery of the next 30 seconds.
        var entry = _entry;
        var age = entry is null ? TimeSpan.MaxValue : timeProvider.GetUtcNow() - entry.ReadAt;
        if (entry is null || age > MaxAge || (entry.Key is null && age >= MinReloadInterval))
        {
            entry = await ReloadAsync(entry, cancellationToken);
        }

        if (entry.Key is null)
        {
            return null;
        }

        if (Matches(request, entry))
        {
            return true;
        }

        if (timeProvider.GetUtcNow() - entry.ReadAt < MinReloadInterval)
        {
            return false;
        }

        entry = await ReloadAsync(entry, cancellationToken);
        return entry.Key is not null && Matches(request, entry);
    }

    private static bool Matches(HttpRequest request, Entry entry)
    {
        var presented = request.Headers[entry.HeaderName!];
        if (presented.Count != 1 || presented[0] is not { } value)
        {
            return false;
        }

        // Compares hashes so the time taken does not depend on the key's length either.
        var presentedHash = SHA256.HashData(Encoding.UTF8.GetBytes(value));
        return CryptographicOperations.FixedTimeEquals(presentedHash, entry.Key!);
    }

    private async Task<Entry> ReloadAsync(Entry? seen, CancellationToken cancellationToken)
    {
        await _reload.WaitAsync(cancellationToken);
        try
        {
            // Another request may have reloaded while this one waited.
            if (_entry is { } current && !ReferenceEquals(current, seen))
            {
                return current;
            }

            var configuration = await cluster.GetGrain<ITenantSetupGrain>(Installation.DefaultId).GetConfigurationAsync();
            var entry = configuration is null
                ? new Entry(null, null, timeProvider.GetUtcNow())
                : new Entry(
                    configuration.RealTime.WebhookHeaderName,
                    SHA256.HashData(Encoding.UTF8.GetBytes(configuration.RealTime.WebhookKey)),
                    timeProvider.GetUtcNow());
            _entry = entry;
            return entry;
        }
        finally
        {
            _reload.Release();
        }
    }

    private sealed record Entry(string? HeaderName, byte[]? Key, DateTimeOffset ReadAt);
}
