using Honeytoken.Grains.Events.Channels.LogFiles;

namespace Honeytoken.Events.Tests;

/// <summary>Serves certificates from memory and records every URL it was asked for.</summary>
internal sealed class FakeCertificateFetcher : ISnsCertificateFetcher
{
    private readonly Dictionary<string, byte[]> _certificates = new(StringComparer.Ordinal);

    public List<Uri> Requests { get; } = [];

    public void Serve(string url, byte[] certificate) => _certificates[url] = certificate;

    public Task<byte[]> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        Requests.Add(url);
        return _certificates.TryGetValue(url.AbsoluteUri, out var data)
            ? Task.FromResult(data)
            : Task.FromException<byte[]>(new HttpRequestException($"No certificate is served at {url}."));
    }
}
