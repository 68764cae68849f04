using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>
/// Caches SNS signing certificates by URL. SNS rotates certificates by publishing them under
/// a new URL, so an entry never goes stale. The cache is cleared when it reaches
/// <see cref="MaxEntries"/>, so that URLs chosen by forged messages cannot grow it without end.
/// Failed downloads are not cached.
/// </summary>
public sealed class SnsCertificateCache(ISnsCertificateFetcher fetcher)
{
    /// <summary>The number of certificates kept before the cache is cleared.</summary>
    public const int MaxEntries = 64;

    private readonly ConcurrentDictionary<string, Lazy<Task<X509Certificate2>>> _certificates = new(StringComparer.Ordinal);

    /// <summary>
    /// Returns the certificate at <paramref name="url"/>, downloading it on first use.
    /// </summary>
    /// <exception cref="CryptographicException">The downloaded data is not a certificate.</exception>
    public async Task<X509Certificate2> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);

        if (_certificates.Count >= MaxEntries)
        {
            _certificates.Clear();
        }

        var key = url.AbsoluteUri;
        var entry = _certificates.GetOrAdd(key, _ => new Lazy<Task<X509Certificate2>>(() => DownloadAsync(url, cancellationToken)));
        try
        {
            return await entry.Value;
        }
        catch
        {
            _certificates.TryRemove(new KeyValuePair<string, Lazy<Task<X509Certificate2>>>(key, entry));
            throw;
        }
    }

    private async Task<X509Certificate2> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        var data = await fetcher.FetchAsync(url, cancellationToken);
        return Load(data);
    }

    /// <summary>Loads a certificate from PEM or DER bytes.</summary>
    /// <exception cref="CryptographicException">The data is not a certificate.</exception>
    public static X509Certificate2 Load(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);

        var text = data.AsSpan().TrimStart(" \t\r\n"u8);
        if (text.StartsWith("-----BEGIN"u8))
        {
            return X509Certificate2.CreateFromPem(Encoding.ASCII.GetString(text));
        }

        return X509CertificateLoader.LoadCertificate(data);
    }
}
