namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>Downloads SNS signing certificates. Called only with URLs that <see cref="SnsUrlPolicy"/> allowed.</summary>
public interface ISnsCertificateFetcher
{
    /// <summary>Downloads the certificate at <paramref name="url"/>, PEM or DER encoded.</summary>
    Task<byte[]> FetchAsync(Uri url, CancellationToken cancellationToken);
}
