using Honeytoken.Grains.Alerts;
using Honeytoken.Grains.Auditing;
using Honeytoken.Grains.Events;
using Honeytoken.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Honeytoken.Grains.Honeytokens;

/// <summary>The event side of the honeytoken grain: storing uses reported by the channels, and routing its identifiers.</summary>
public sealed partial class HoneytokenGrain : IHoneytokenEventsGrain
{
    /// <summary>How long a changed open-event count waits before it is written.</summary>
    private static readonly TimeSpan OpenEventsCountDelay = TimeSpan.FromSeconds(1);

    private HoneytokenEventStore? eventStore;
    private IGrainTimer? openEventsTimer;

    private HoneytokenEventStore EventStore => eventStore ??= ServiceProvider.GetRequiredService<HoneytokenEventStore>();

    /// <inheritdoc />
    public async Task<EventRecordOutcome> RecordEventAsync(HoneytokenEventReport report)
    {
        ArgumentNullException.ThrowIfNull(report);

        // A pooled key is in no list and has no owner to alert, so only handed-out tokens store
        // events. Routes point at a key only once it is provisioned.
        if (!IsHandedOut)
        {
            return EventRecordOutcome.UnknownToken;
        }

        var (inserted, openEvents) = await EventStore.RecordAsync(TokenId, report, timeProvider.GetUtcNow(), CancellationToken.None);
        var outcome = inserted ? EventRecordOutcome.Stored : EventRecordOutcome.Merged;

        // Once revocation has started the status stays revoked; the event is still stored.
        var triggers = inserted && Current.Lifecycle == HoneytokenLifecycle.Active;
        if (!triggers)
        {
            ScheduleOpenEventsCount(openEvents);
            if (inserted)
            {
                await NotifyAlertsAsync(AlertAction.NewHoneytokenEvent, report);
            }

            return outcome;
        }

        var next = Current.Copy();
        next.OpenEventsCount = openEvents;
        next.Lifecycle = HoneytokenLifecycle.Triggered;
        next.TriggeredAt = report.EventTime;
        await CommitAsync(next, Actor.System, "honeytoken.trigger", rowFirst: false, CancellationToken.None,
            ("event_key", report.EventKey), ("action", report.Action), ("channel", report.Channel));
        HoneytokenLog.Triggered(logger, TokenId, report.EventKey, report.Action);
        await NotifyAlertsAsync(AlertAction.HoneytokenTriggered, report);
        return outcome;
    }

    /// <summary>
    /// Hands a newly stored event to the alert dispatcher, which writes it to every destination's
    /// queue before it returns. A failure propagates, so the channel returns an error to AWS.
    /// </summary>
    /// <remarks>
    /// NOTE: the event row is committed before this call, so if the silo dies between the two,
    /// AWS's retry finds the event stored and no alert is queued for it. Closing that window
    /// needs an outbox written in the same transaction as the event row.
    /// </remarks>
    private Task NotifyAlertsAsync(AlertAction action, HoneytokenEventReport report)
    {
        var summary = new HoneytokenEventSummary
        {
            Id = report.EventKey,
            TriggeredAt = report.EventTime,
            Action = report.Action,
            IpAddress = report.IpAddress,
            UserAgent = report.UserAgent,
            Region = report.Region,
            ErrorCode = report.ErrorCode,
            Channels = [report.Channel],
        };

        var notice = new AlertNotice(action, Snapshot(includeSecret: false)!, summary);
        return GrainFactory.GetGrain<IAlertDispatcherGrain>(IAlertDispatcherGrain.DefaultKey).NotifyAsync(notice);
    }

    /// <summary>
    /// Writes a changed open-event count at most once per <see cref="OpenEventsCountDelay"/>.
    /// The event rows are already durable; only the count shown in lists waits, so that a
    /// flood of events costs one state and row write per interval instead of one per event.
    /// </summary>
    private void ScheduleOpenEventsCount(int openEvents)
    {
        if (openEvents == Current.OpenEventsCount)
        {
            return;
        }

        openEventsTimer ??= this.RegisterGrainTimer(
            WriteOpenEventsCountAsync,
            new GrainTimerCreationOptions(OpenEventsCountDelay, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    // Grain timers do not interleave with grain calls by default, so this write is serialized
    // with RecordEventAsync and ResetAsync, and no call can schedule a count while it runs.
    private async Task WriteOpenEventsCountAsync(CancellationToken cancellationToken)
    {
        // Disposing a grain timer cancels the token of its running callback, so the timer is
        // disposed only once the count is written.
        try
        {
            // Counted again rather than remembered, because a reset may have archived events since.
            var openEvents = await EventStore.CountOpenEventsAsync(TokenId, cancellationToken);
            if (openEvents == Current.OpenEventsCount)
            {
                return;
            }

            var next = Current.Copy();
            next.OpenEventsCount = openEvents;
            await CommitAsync(next, Actor.System, "honeytoken.events_counted", rowFirst: false, cancellationToken, ("open_events", openEvents.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        finally
        {
            openEventsTimer?.Dispose();
            openEventsTimer = null;
        }
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
