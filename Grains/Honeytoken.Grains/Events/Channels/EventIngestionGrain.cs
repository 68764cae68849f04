using Honeytoken.Grains.Events.Channels.RealTime;
using Honeytoken.Grains.Events.Channels.Sns;
using Honeytoken.Grains.Events.Routing;
using Honeytoken.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace Honeytoken.Grains.Events.Channels;

/// <summary>
/// Receives the webhook deliveries in the cluster. Stateless, so each silo handles the
/// deliveries of its own Api without a hop, and a flood spreads over local copies.
/// </summary>
[StatelessWorker]
public sealed class EventIngestionGrain(
    RecordRouter router,
    SnsMessageHandler snsHandler,
    HoneytokenMetrics metrics,
    ILogger<EventIngestionGrain> logger) : Grain, IEventIngestionGrain
{
    public async Task<IngestionResult> IngestRealTimeAsync(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);

        if (!EventBridgeEnvelopeParser.TryParse(body, CloudTrailParserLimits.Default, out var envelope, out var error))
        {
            IngestionLog.RealTimeInvalid(logger, error ?? "unreadable body");
            return new IngestionResult(IngestionStatus.Invalid, error ?? "The body is not an EventBridge event.");
        }

        metrics.EventReceived(EventChannels.RealTime);

        if (!envelope!.IsApiCall)
        {
            IngestionLog.RealTimeIgnored(logger, envelope.Id, $"detail-type '{envelope.DetailType}'");
            return new IngestionResult(IngestionStatus.Ignored, "The event is not a CloudTrail API call.");
        }

        var outcome = await router.RouteAsync(envelope.Detail!, EventChannels.RealTime, CancellationToken.None);
        if (outcome is RouteOutcome.NotKeyUse or RouteOutcome.NotOwned)
        {
            IngestionLog.RealTimeIgnored(logger, envelope.Id, outcome.ToString());
            return new IngestionResult(IngestionStatus.Ignored, outcome == RouteOutcome.NotOwned
                ? "The caller is not a honeytoken of this service."
                : "The record is not a use of an access key.");
        }

        return new IngestionResult(IngestionStatus.Accepted, outcome switch
        {
            RouteOutcome.Stored => "Stored.",
            RouteOutcome.HealthProbe => "Recorded by the health monitor.",
            _ => "Stored already.",
        });
    }

    public Task<IngestionResult> IngestSnsAsync(byte[] body) => snsHandler.HandleAsync(body, CancellationToken.None);
}
