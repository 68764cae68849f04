using Honeytoken.Grains.Events.Channels.LogFiles;

namespace Honeytoken.Grains.Events.Channels.Sns;

/// <summary>
/// The only HTTP client that follows URLs taken from SNS messages: signing certificates and
/// subscription confirmations. Callers check each URL with <see cref="SnsUrlPolicy"/> first;
/// redirects are not followed, so an allowed host cannot send the request elsewhere.
/// </summary>
public sealed class SnsHttpClient : ISnsCertificateFetcher, IDisposable
{
    /// <summary>The largest response read; certificates and confirmation responses are a few kilobytes.</summary>
    public const int MaxResponseBytes = 64 * 1024;

    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = false })
    {
        Timeout = TimeSpan.FromSeconds(10),
        MaxResponseContentBufferSize = MaxResponseBytes,
    };

    /// <summary>Downloads a signing certificate.</summary>
    /// <exception cref="HttpRequestException">The request failed or did not return 200.</exception>
    public async Task<byte[]> FetchAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);

        using var response = await _http.GetAsync(url, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>Visits a <c>SubscribeURL</c>, which confirms the subscription.</summary>
    /// <exception cref="HttpRequestException">The request failed or did not return 200.</exception>
    public async Task ConfirmSubscriptionAsync(Uri subscribeUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscribeUrl);

        using var response = await _http.GetAsync(subscribeUrl, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => _http.Dispose();
}
