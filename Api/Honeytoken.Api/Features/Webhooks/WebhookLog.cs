namespace Honeytoken.Api.Features.Webhooks;

/// <summary>The log messages of the webhooks. Event ids 6100–6119; the webhook key is never logged.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(6100, LogLevel.Warning, "Real-time delivery from {RemoteAddress} rejected: the webhook key header is missing or wrong")]
    public static partial void WrongKey(ILogger logger, string? remoteAddress);

    [LoggerMessage(6101, LogLevel.Error, "The {Webhook} webhook could not store a delivery; returned 503 so that AWS retries")]
    public static partial void IngestionFailed(ILogger logger, string webhook, Exception exception);

    [LoggerMessage(6102, LogLevel.Error, "The {Webhook} webhook cannot reach the cluster; returned 503 so that AWS retries")]
    public static partial void ClusterUnavailable(ILogger logger, string webhook, Exception exception);
}
