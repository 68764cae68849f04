using Microsoft.Extensions.DependencyInjection.Extensions;

using Honeytoken.Grains.Events;

namespace Honeytoken.Api.Features.Webhooks;

/// <summary>
/// The AWS webhooks: EventBridge real-time deliveries and SNS notifications of CloudTrail log
/// files. A delivery gets 2xx only after its work is durable, and 5xx when storage or the
/// cluster is unavailable, because EventBridge and SNS retry a delivery that fails with 5xx.
/// </summary>
public static class WebhooksApi
{
    /// <summary>EventBridge's maximum event size, 256 KB.</summary>
    public const int MaxRealTimeBodyBytes = 256 * 1024;

    /// <summary>The SNS maximum message of 256 KB, plus room for the envelope and its signature.</summary>
    public const int MaxSnsBodyBytes = 320 * 1024;

    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RealTimeWebhookKeyCache>();
        return services;
    }

    public static IEndpointRouteBuilder MapWebhooksApi(this IEndpointRouteBuilder endpoints)
    {
        // AWS cannot send an API token: the real-time channel proves itself with the shared
        // webhook key and SNS with its message signature, both checked by the handlers.
        var group = endpoints.MapGroup("/webhooks/aws").AllowAnonymous();
        group.MapPost("/realtime", ReceiveRealTimeAsync);
        group.MapPost("/sns", ReceiveSnsAsync);
        return endpoints;
    }

    private static async Task<IResult> ReceiveRealTimeAsync(
        HttpRequest request, RealTimeWebhookKeyCache keys, IClusterClient cluster, ILogger<RealTimeWebhookKeyCache> logger, CancellationToken cancellationToken)
    {
        bool? authorized;
        try
        {
            authorized = await keys.IsAuthorizedAsync(request, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            WebhookLog.ClusterUnavailable(logger, "realtime", exception);
            return Unavailable("The service cannot read its configuration right now; retry later.");
        }

        if (authorized is null)
        {
            return Unavailable("No configuration is uploaded yet, so no webhook key is set.");
        }

        if (authorized is false)
        {
            WebhookLog.WrongKey(logger, request.HttpContext.Connection.RemoteIpAddress?.ToString());
            return Results.Problem("The webhook key header is missing or wrong.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var body = await ReadBodyAsync(request, MaxRealTimeBodyBytes, cancellationToken);
        if (body is null)
        {
            return Results.Problem($"The body is larger than {MaxRealTimeBodyBytes} bytes, EventBridge's maximum event size.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        return await IngestAsync(logger, "realtime", () => cluster.GetGrain<IEventIngestionGrain>(0).IngestRealTimeAsync(body));
    }

    private static async Task<IResult> ReceiveSnsAsync(HttpRequest request, IClusterClient cluster, ILogger<RealTimeWebhookKeyCache> logger, CancellationToken cancellationToken)
    {
        // SNS sends JSON as text/plain, so the content type is not looked at.
        var body = await ReadBodyAsync(request, MaxSnsBodyBytes, cancellationToken);
        if (body is null)
        {
            return Results.Problem($"The body is larger than {MaxSnsBodyBytes} bytes, more than an SNS message can be.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }

        return await IngestAsync(logger, "sns", () => cluster.GetGrain<IEventIngestionGrain>(0).IngestSnsAsync(body));
    }

    private static async Task<IResult> IngestAsync(ILogger logger, string webhook, Func<Task<IngestionResult>> ingest)
    {
        IngestionResult result;
        try
        {
            result = await ingest();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Storage, the cluster or AWS failed: a 5xx makes AWS deliver again, within its retry policy.
            WebhookLog.IngestionFailed(logger, webhook, exception);
            return Unavailable("The delivery could not be stored; retry later.");
        }

        return result.Status switch
        {
            IngestionStatus.Accepted or IngestionStatus.Ignored => Results.Ok(new { status = result.Status.ToString().ToLowerInvariant(), detail = result.Detail }),
            IngestionStatus.Invalid => Results.Problem(result.Detail, statusCode: StatusCodes.Status400BadRequest),
            IngestionStatus.Rejected => Results.Problem(result.Detail, statusCode: StatusCodes.Status403Forbidden),
            _ => Unavailable(result.Detail),
        };
    }

    private static IResult Unavailable(string detail) => Results.Problem(detail, statusCode: StatusCodes.Status503ServiceUnavailable);

    /// <summary>Reads the whole body, or returns null as soon as it exceeds <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
