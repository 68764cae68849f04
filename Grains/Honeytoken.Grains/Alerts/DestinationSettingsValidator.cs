using Honeytoken.Grains.Alerts.Network;
using MimeKit;

namespace Honeytoken.Grains.Alerts;

/// <summary>
/// Checks destination settings before they are stored, including the address check of the
/// URL or SMTP host, and returns the first problem with the JSON field it concerns.
/// </summary>
public sealed class DestinationSettingsValidator(DestinationAddressGuard guard)
{
    public const int MaxNameLength = 200;
    public const int MaxUrlLength = 2048;
    public const int MinSecretLength = 16;
    public const int MaxSecretLength = 256;
    public const int MaxRecipients = 20;

    /// <summary>The longest coalescing window a destination may set.</summary>
    public static readonly TimeSpan MaxCoalesceWindow = TimeSpan.FromHours(24);

    /// <summary>Returns null when <paramref name="settings"/> are valid, otherwise the error.</summary>
    public async Task<DestinationResult?> ValidateAsync(DestinationSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);

        if (string.IsNullOrWhiteSpace(settings.Name) || settings.Name.Length > MaxNameLength)
        {
            return DestinationResult.Invalid("name", $"The name is required and must be at most {MaxNameLength} characters.");
        }

        if (settings.CoalesceWindow is { } window && (window <= TimeSpan.Zero || window > MaxCoalesceWindow))
        {
            return DestinationResult.Invalid("coalesce_window_seconds", $"The coalescing window must be positive and at most {MaxCoalesceWindow.TotalSeconds} seconds.");
        }

        switch (settings.Type)
        {
            case DestinationType.Webhook:
            case DestinationType.Slack:
                if (settings.Smtp is not null)
                {
                    return DestinationResult.Invalid("smtp", "SMTP settings apply to e-mail destinations only; remove them.");
                }

                if (settings.Type == DestinationType.Slack && settings.Secret is not null)
                {
                    return DestinationResult.Invalid("secret", "Slack-compatible webhooks are authenticated by their URL and take no secret; remove it.");
                }

                if (settings.Secret is not null && (settings.Secret.Length < MinSecretLength || settings.Secret.Length > MaxSecretLength))
                {
                    return DestinationResult.Invalid("secret", $"The secret must be {MinSecretLength} to {MaxSecretLength} characters; omit it to have one generated.");
                }

                return await ValidateUrlAsync(settings.Url, settings.AllowPrivateNetwork, cancellationToken);

            case DestinationType.Email:
                if (settings.Url is not null || settings.Secret is not null)
                {
                    return DestinationResult.Invalid("url", "E-mail destinations take SMTP settings, not a URL or secret; remove them.");
                }

                return await ValidateSmtpAsync(settings.Smtp, settings.AllowPrivateNetwork, cancellationToken);

            default:
                return DestinationResult.Invalid("type", "The type must be webhook, slack or email.");
        }
    }

    private async Task<DestinationResult?> ValidateUrlAsync(string? url, bool allowPrivateNetwork, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(url) || url.Length > MaxUrlLength
            || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return DestinationResult.Invalid("url", $"The URL must be an absolute http or https URL of at most {MaxUrlLength} characters.");
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return DestinationResult.Invalid("url", "The URL must not contain a user name or password; use the secret for authentication.");
        }

        return await CheckHostAsync("url", uri.IdnHost, allowPrivateNetwork, cancellationToken);
    }

    private async Task<DestinationResult?> ValidateSmtpAsync(SmtpSettings? smtp, bool allowPrivateNetwork, CancellationToken cancellationToken)
    {
        if (smtp is null || string.IsNullOrWhiteSpace(smtp.Host) || Uri.CheckHostName(smtp.Host) == UriHostNameType.Unknown)
        {
            return DestinationResult.Invalid("smtp.host", "The SMTP host name is required.");
        }

        if (smtp.Port is < 1 or > 65535)
        {
            return DestinationResult.Invalid("smtp.port", "The SMTP port must be between 1 and 65535.");
        }

        if (!MailboxAddress.TryParse(smtp.From, out _))
        {
            return DestinationResult.Invalid("smtp.from", "The sender must be an e-mail address.");
        }

        if (smtp.To.Count is 0 or > MaxRecipients)
        {
            return DestinationResult.Invalid("smtp.to", $"Give 1 to {MaxRecipients} recipients.");
        }

        foreach (var to in smtp.To)
        {
            if (!MailboxAddress.TryParse(to, out _))
            {
                return DestinationResult.Invalid("smtp.to", $"The recipient '{to}' is not an e-mail address.");
            }
        }

        if (smtp.Password is not null && smtp.Username is null)
        {
            return DestinationResult.Invalid("smtp.username", "A password needs a user name.");
        }

        return await CheckHostAsync("smtp.host", smtp.Host, allowPrivateNetwork, cancellationToken);
    }

    private async Task<DestinationResult?> CheckHostAsync(string field, string host, bool allowPrivateNetwork, CancellationToken cancellationToken)
    {
        try
        {
            await guard.ResolveAllowedAsync(host, allowPrivateNetwork, cancellationToken);
            return null;
        }
        catch (DestinationAddressRejectedException exception)
        {
            return DestinationResult.Invalid(field, exception.Message);
        }
    }
}
