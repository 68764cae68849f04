using Honeytoken.Grains.Auditing;
using Honeytoken.Grains.Events;
using Honeytoken.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Honeytoken.Grains.Honeytokens;

/// <summary>The event side of the honeytoken grain: storing uses reported by the channels, and routing its identifiers.</summary>
public sealed partial class HoneytokenGrain : IHoneytokenEventsGrain
{
    private HoneytokenEventStore? eventStore;

    private HoneytokenEventStore EventStore => eventStore ??= ServiceProvider.GetRequiredService<HoneytokenEventStore>();

    /// <inheritdoc />
    public async Task<EventRecordOutcome> RecordEventAsync(HoneytokenEventReport report)
    {
        ArgumentNullException.ThrowIfNull(report);

        // A pooled key has no row a list shows and no owner to alert, so only handed-out
        // tokens store events; a route never points at a key before it is provisioned.
        if (!IsHandedOut)
        {
            return EventRecordOutcome.UnknownToken;
        }

        var (inserted, openEvents) = await EventStore.RecordAsync(TokenId, report, timeProvider.GetUtcNow(), CancellationToken.None);
        var outcome = inserted ? EventRecordOutcome.Stored : EventRecordOutcome.Merged;
        if (!inserted && openEvents == Current.OpenEventsCount)
        {
            return outcome;
        }

        var next = Current.Copy();
        next.OpenEventsCount = openEvents;

        // Once revocation has started the status stays revoked; the event is still stored.
        var triggers = inserted && Current.Lifecycle == HoneytokenLifecycle.Active;
        if (triggers)
        {
            next.Lifecycle = HoneytokenLifecycle.Triggered;
            next.TriggeredAt = report.EventTime;
        }

        await CommitAsync(next, Actor.System, triggers ? "honeytoken.trigger" : "honeytoken.event", rowFirst: false, CancellationToken.None,
            ("event_key", report.EventKey), ("action", report.Action), ("channel", report.Channel));
        if (triggers)
        {
            HoneytokenLog.Triggered(logger, TokenId, report.EventKey, report.Action);
        }

        return outcome;
    }

    /// <summary>
    /// Routes the token's access key id and IAM user ARN to this grain. Runs before the key is
    /// recorded as provisioned, so a failure here fails the provisioning attempt, which is retried.
    /// </summary>
    private async Task RegisterRoutesAsync(string accessKeyId, HoneytokenState token)
    {
        await GrainFactory.GetGrain<IAccessKeyRouteGrain>(AccessKeyRoutes.ForAccessKey(accessKeyId)).SetTokenAsync(TokenId);
        if (token.AccountId is not null && token.IamUserName is not null)
        {
            var arn = $"arn:aws:iam::{token.AccountId}:user{token.IamUserPath ?? "/"}{token.IamUserName}";
            await GrainFactory.GetGrain<IAccessKeyRouteGrain>(AccessKeyRoutes.ForPrincipalArn(arn)).SetTokenAsync(TokenId);
        }
    }
}
