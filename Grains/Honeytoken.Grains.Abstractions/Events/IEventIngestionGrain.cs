namespace Honeytoken.Grains.Events;

/// <summary>
/// The entry of the webhooks into the cluster. A stateless worker, so every silo runs its own
/// copies and a delivery is handled on the silo that receives it.
/// </summary>
public interface IEventIngestionGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Parses one EventBridge delivery, routes it and stores it. Returns once the event is
    /// stored; throws when storage is unavailable, so the webhook returns 5xx and AWS retries.
    /// </summary>
    Task<IngestionResult> IngestRealTimeAsync(byte[] body);

    /// <summary>
    /// Verifies one SNS message and acts on it: confirms a subscription, records an
    /// unsubscribe, or hands each announced log file to its log-file grain.
    /// </summary>
    Task<IngestionResult> IngestSnsAsync(byte[] body);
}
