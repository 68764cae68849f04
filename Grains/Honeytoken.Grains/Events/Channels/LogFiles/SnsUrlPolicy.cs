using System.Text.RegularExpressions;

namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>
/// Decides whether a <c>SigningCertURL</c> or <c>SubscribeURL</c> points at an allowed SNS host.
/// It is checked before any request is made, so a forged message cannot make the service
/// fetch from a host of the sender's choice.
/// </summary>
public sealed partial class SnsUrlPolicy(SnsVerificationOptions options)
{
    /// <summary>
    /// Returns whether <paramref name="url"/> is an HTTPS URL on an allowed host (or HTTP on a
    /// configured host when the options allow it), with no user information in it.
    /// </summary>
    public bool IsAllowed(string? url, out string? reason)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            reason = $"'{url}' is not an absolute URL.";
            return false;
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            reason = $"'{url}' contains user information.";
            return false;
        }

        var isHttps = uri.Scheme == Uri.UriSchemeHttps;
        if (options.AllowAwsSnsHosts && isHttps && uri.IsDefaultPort && AwsSnsHost().IsMatch(uri.Host))
        {
            reason = null;
            return true;
        }

        if (IsConfiguredHost(uri) && (isHttps || (uri.Scheme == Uri.UriSchemeHttp && options.AllowHttpForAllowedHosts)))
        {
            reason = null;
            return true;
        }

        reason = isHttps
            ? $"The host of '{url}' is not an allowed SNS host."
            : $"'{url}' does not use HTTPS.";
        return false;
    }

    private bool IsConfiguredHost(Uri uri)
    {
        foreach (var allowed in options.AllowedCertificateHosts)
        {
            if (allowed.Equals(uri.Host, StringComparison.OrdinalIgnoreCase) && uri.IsDefaultPort)
            {
                return true;
            }

            if (allowed.Equals(uri.Authority, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\z", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AwsSnsHost();
}
