using System.Text;
using System.Threading.Channels;
using Honeytoken.AwsEmulator.Hosting;

namespace Honeytoken.AwsEmulator.Deliveries;

/// <summary>
/// Starts webhook deliveries in the order they were queued, up to
/// <see cref="AwsEmulatorOptions.WebhookConcurrency"/> at a time, as SNS and EventBridge
/// deliver in parallel. A delivery that fails (5xx, 429 or no connection) is retried with
/// exponential backoff in the background, as SNS and EventBridge retry, so a failing
/// receiver does not hold back later deliveries.
/// </summary>
public sealed class WebhookSender(
    IHttpClientFactory httpClientFactory,
    AwsEmulatorOptions options,
    DeliveryStatistics statistics,
    TimeProvider timeProvider,
    ILogger<WebhookSender> logger) : BackgroundService
{
    private readonly Channel<WebhookDelivery> queue = Channel.CreateUnbounded<WebhookDelivery>();

    public void Enqueue(WebhookDelivery delivery) => queue.Writer.TryWrite(delivery);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // A delivery takes a slot from the start of its delay to the end of its first attempt,
        // so with one slot, deliveries go strictly one after another.
        using var slots = new SemaphoreSlim(options.WebhookConcurrency);
        await foreach (var delivery in queue.Reader.ReadAllAsync(stoppingToken))
        {
            await slots.WaitAsync(stoppingToken);
            _ = DeliverAsync(delivery, slots, stoppingToken);
        }
    }

    private async Task DeliverAsync(WebhookDelivery delivery, SemaphoreSlim slots, CancellationToken cancellationToken)
    {
        bool delivered;
        try
        {
            if (delivery.Delay > TimeSpan.Zero)
            {
                await Task.Delay(delivery.Delay, timeProvider, cancellationToken);
            }

            delivered = await TryOnceAsync(delivery, 1, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        finally
        {
            slots.Release();
        }

        if (!delivered)
        {
            await RetryAsync(delivery, cancellationToken);
        }
    }

    private async Task RetryAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        var backoff = options.WebhookInitialBackoff;
        for (var attempt = 2; attempt <= options.WebhookMaxAttempts; attempt++)
        {
            Log.DeliveryRetry(logger, delivery.Kind, delivery.Url, attempt - 1, backoff);
            try
            {
                await Task.Delay(backoff, timeProvider, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (await TryOnceAsync(delivery, attempt, cancellationToken))
            {
                return;
            }

            backoff *= 2;
        }

        statistics.Abandoned(delivery.Kind);
        Log.DeliveryAbandoned(logger, delivery.Kind, delivery.Url, options.WebhookMaxAttempts);
    }

    private async Task<bool> TryOnceAsync(WebhookDelivery delivery, int attempt, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Body, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(delivery.ContentType);
        foreach (var (name, value) in delivery.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await httpClientFactory.CreateClient(nameof(WebhookSender)).SendAsync(request, cancellationToken);
            var status = (int)response.StatusCode;
            statistics.Answered(delivery.Kind, status);
            Log.Delivered(logger, delivery.Kind, delivery.Url, status, attempt);

            // SNS and EventBridge retry server errors and throttling, not other client errors.
            return status < 500 && status != 429;
        }
        catch (HttpRequestException exception)
        {
            statistics.Unanswered(delivery.Kind);
            Log.DeliveryFailed(logger, delivery.Kind, delivery.Url, attempt, exception);
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The client's timeout fired; the receiver may still be working.
            statistics.Unanswered(delivery.Kind);
            return false;
        }
    }
}
