using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Honeytoken.Grains.Alerts.Network;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Honeytoken.Grains.Alerts.Delivery;

/// <summary>
/// Sends one message to one destination: signed webhook, Slack-compatible webhook or SMTP.
/// Every connection goes through <see cref="DestinationAddressGuard"/>, so the address check
/// runs again at each delivery and the socket connects to the address that was checked.
/// </summary>
public sealed class AlertSender : IDisposable
{
    private static readonly HttpRequestOptionsKey<bool> AllowPrivateNetworkKey = new("honeytoken.allow-private-network");

    private readonly DestinationAddressGuard guard;
    private readonly TimeProvider timeProvider;
    private readonly AlertOptions options;
    private readonly AlertMessageFormatter formatter;
    private readonly HttpClient httpClient;

    public AlertSender(DestinationAddressGuard guard, TimeProvider timeProvider, IOptions<AlertOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.guard = guard;
        this.timeProvider = timeProvider;
        this.options = options.Value;
        formatter = new AlertMessageFormatter(this.options.DashboardUrl);

        var handler = new SocketsHttpHandler
        {
            // A pooled connection would skip the address check, so every request connects
            // anew; alert volume is small enough for that to cost nothing that matters.
            PooledConnectionLifetime = TimeSpan.Zero,

            // A redirect could lead to an address that was never checked.
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = this.options.RequestTimeout,
            ConnectCallback = ConnectAsync,
        };
        httpClient = new HttpClient(handler) { Timeout = this.options.RequestTimeout };
    }

    /// <summary>The formatter of the message bodies.</summary>
    public AlertMessageFormatter Formatter => formatter;

    /// <summary>Sends <paramref name="delivery"/>; never throws for a delivery failure, which it returns instead.</summary>
    public async Task<DeliveryResult> SendAsync(DestinationEndpoint endpoint, PendingDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(delivery);

        try
        {
            return endpoint.Config.Type switch
            {
                DestinationType.Webhook => await SendWebhookAsync(endpoint, delivery, cancellationToken),
                DestinationType.Slack => await SendSlackAsync(endpoint, delivery, cancellationToken),
                DestinationType.Email => await SendEmailAsync(endpoint, delivery, cancellationToken),
                _ => DeliveryResult.Failure(null, $"Unknown destination type {endpoint.Config.Type}.", isClientError: true),
            };
        }
        catch (DestinationAddressRejectedException exception)
        {
            return DeliveryResult.Failure(null, exception.Message);
        }
        catch (HttpRequestException exception) when (exception.InnerException is DestinationAddressRejectedException rejected)
        {
            return DeliveryResult.Failure(null, rejected.Message);
        }
        catch (HttpRequestException exception)
        {
            return DeliveryResult.Failure(null, $"The request failed: {exception.HttpRequestError} ({exception.InnerException?.Message ?? exception.Message}).");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryResult.Failure(null, $"The request timed out after {options.RequestTimeout}.");
        }
        catch (SocketException exception)
        {
            return DeliveryResult.Failure(null, $"The connection failed: {exception.SocketErrorCode}.");
        }
        catch (SmtpCommandException exception)
        {
            var code = (int)exception.StatusCode;
            return DeliveryResult.Failure(code, $"The SMTP server rejected the message: {code} {exception.Message}", isClientError: code >= 500);
        }
        catch (SmtpProtocolException exception)
        {
            return DeliveryResult.Failure(null, $"The SMTP session failed: {exception.Message}");
        }
        catch (AuthenticationException exception)
        {
            return DeliveryResult.Failure(null, $"The SMTP server rejected the credentials: {exception.Message}", isClientError: true);
        }
        catch (IOException exception)
        {
            return DeliveryResult.Failure(null, $"The connection failed: {exception.Message}");
        }
    }

    public void Dispose() => httpClient.Dispose();

    private async Task<DeliveryResult> SendWebhookAsync(DestinationEndpoint endpoint, PendingDelivery delivery, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var body = formatter.WebhookBody(delivery, now);

        using var request = NewRequest(endpoint, body);
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id.ToString());
        if (endpoint.Secret is not null)
        {
            var timestamp = now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
            request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(endpoint.Secret, timestamp, body));
        }

        return await SendHttpAsync(request, cancellationToken);
    }

    private async Task<DeliveryResult> SendSlackAsync(DestinationEndpoint endpoint, PendingDelivery delivery, CancellationToken cancellationToken)
    {
        using var request = NewRequest(endpoint, formatter.SlackBody(delivery));
        return await SendHttpAsync(request, cancellationToken);
    }

    private static HttpRequestMessage NewRequest(DestinationEndpoint endpoint, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint.Config.Url)
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("HoneytokenOrleans", "1.0"));
        request.Options.Set(AllowPrivateNetworkKey, endpoint.Config.AllowPrivateNetwork);
        return request;
    }

    private async Task<DeliveryResult> SendHttpAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
        {
            return DeliveryResult.Success(status);
        }

        var isClientError = status is >= 400 and < 500 && response.StatusCode is not HttpStatusCode.TooManyRequests and not HttpStatusCode.RequestTimeout;
        return DeliveryResult.Failure(status, $"The receiver answered {status} {response.ReasonPhrase}.", isClientError);
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        context.InitialRequestMessage.Options.TryGetValue(AllowPrivateNetworkKey, out var allowPrivateNetwork);
        var socket = await guard.ConnectAsync(context.DnsEndPoint.Host, context.DnsEndPoint.Port, allowPrivateNetwork, cancellationToken);
        return new NetworkStream(socket, ownsSocket: true);
    }

    private async Task<DeliveryResult> SendEmailAsync(DestinationEndpoint endpoint, PendingDelivery delivery, CancellationToken cancellationToken)
    {
        var config = endpoint.Config;
        if (config.SmtpHost is null || config.SmtpFrom is null)
        {
            return DeliveryResult.Failure(null, "The destination has no SMTP host or sender.", isClientError: true);
        }

        var (subject, text) = formatter.Email(delivery);

        using var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(config.SmtpFrom));
        foreach (var to in config.SmtpTo)
        {
            message.To.Add(MailboxAddress.Parse(to));
        }

        message.Subject = subject;
        message.Headers.Add("X-Honeytoken-Delivery", delivery.Id.ToString());
        message.Body = new TextPart("plain") { Text = text };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);

        var socket = await guard.ConnectAsync(config.SmtpHost, config.SmtpPort, config.AllowPrivateNetwork, timeout.Token);
        using var client = new SmtpClient { Timeout = (int)options.RequestTimeout.TotalMilliseconds };
        try
        {
            // Port 465 speaks TLS from the first byte; any other port upgrades with STARTTLS
            // when the server offers it.
            var security = config.SmtpPort == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable;
            await client.ConnectAsync(socket, config.SmtpHost, config.SmtpPort, security, timeout.Token);
            if (config.SmtpUsername is not null && client.Capabilities.HasFlag(SmtpCapabilities.Authentication))
            {
                await client.AuthenticateAsync(config.SmtpUsername, endpoint.SmtpPassword ?? "", timeout.Token);
            }

            // SendAsync throws SmtpCommandException for any reply other than acceptance.
            await client.SendAsync(message, timeout.Token);
            await client.DisconnectAsync(quit: true, timeout.Token);
            return DeliveryResult.Success(250);
        }
        finally
        {
            socket.Dispose();
        }
    }
}
