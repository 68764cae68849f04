using System.Text.Json;
using Honeytoken.Grains.Alerts;
using Honeytoken.Grains.Alerts.Delivery;
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

        // The alert is decided before the write, because the outbox row that keeps it is
        // written with the event. Once revocation has started the status stays revoked; the
        // event is still stored and alerted as a new event.
        var triggers = Current.Lifecycle == HoneytokenLifecycle.Active;
        var alertAction = DeliveryActions.From(triggers ? AlertAction.HoneytokenTriggered : AlertAction.NewHoneytokenEvent);
        var written = await EventStore.RecordAsync(TokenId, report, alertAction, timeProvider.GetUtcNow(), CancellationToken.None);

        if (written.Inserted)
        {
            await RaiseAlertAsync(report, written.EventId, triggers ? AlertAction.HoneytokenTriggered : AlertAction.NewHoneytokenEvent, written.OpenEvents);
            return EventRecordOutcome.Stored;
        }

        ScheduleOpenEventsCount(written.OpenEvents);
        if (written.PendingAlert is { } pending)
        {
            // An earlier delivery stored the event, and its silo stopped before the alert was
            // queued. This retry of the delivery finishes the job.
            HoneytokenLog.PendingAlertResumed(logger, TokenId, report.EventKey, pending);
            await RaiseAlertAsync(report, written.EventId, ToAlertAction(pending), written.OpenEvents);
        }

        return EventRecordOutcome.Merged;
    }

    /// <inheritdoc />
    public async Task<PendingAlertOutcome> ResumePendingAlertAsync(string eventKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventKey);

        // Read again rather than trusted from the caller's listing, because a redelivery, or the
        // sweep of another silo, may have finished the alert since. Calls to this grain do not
        // interleave, so at most one of them finds the row.
        var pending = await EventStore.ReadPendingAlertAsync(TokenId, eventKey, CancellationToken.None);
        if (pending is null)
        {
            return PendingAlertOutcome.NotPending;
        }

        // Neither case can be repaired here, and deleting the row would lose the alert. So the
        // row stays, and each sweep pass logs it again until an operator resolves it.
        if (pending.Report is null || pending.EventId is null || !IsHandedOut)
        {
            HoneytokenLog.PendingAlertUnresolvable(logger, TokenId, eventKey, pending.Report is not null, Current.Lifecycle);
            return PendingAlertOutcome.Unresolvable;
        }

        HoneytokenLog.PendingAlertResumed(logger, TokenId, eventKey, pending.AlertAction);
        var openEvents = await EventStore.CountOpenEventsAsync(TokenId, CancellationToken.None);
        await RaiseAlertAsync(pending.Report, pending.EventId.Value, ToAlertAction(pending.AlertAction), openEvents);
        return PendingAlertOutcome.Resumed;
    }

    /// <summary>
    /// Marks the token triggered when <paramref name="action"/> is the trigger and it is not yet,
    /// hands the alert to the dispatcher, and then deletes the event's outbox row.
    /// </summary>
    /// <remarks>
    /// A failure before the row is deleted propagates, so the channel returns an error to AWS.
    /// A left-over row is finished by whichever comes first: a retry of the delivery or the
    /// other channel, which finds the row when it stores the event, or the outbox sweep
    /// (<see cref="Alerts.AlertOutboxSweeper"/>), which calls <see cref="ResumePendingAlertAsync"/>
    /// for rows older than its grace period. A second call after the dispatcher queued the alert
    /// but before the row was deleted queues it again, and the destination ignores the repeat.
    /// </remarks>
    private async Task RaiseAlertAsync(HoneytokenEventReport report, Guid eventId, AlertAction action, int openEvents)
    {
        if (action == AlertAction.HoneytokenTriggered && Current.Lifecycle == HoneytokenLifecycle.Active)
        {
            var next = Current.Copy();
            next.OpenEventsCount = openEvents;
            next.Lifecycle = HoneytokenLifecycle.Triggered;
            next.TriggeredAt = report.EventTime;
            await CommitAsync(next, Actor.System, "honeytoken.trigger", rowFirst: false, CancellationToken.None,
                ("event_key", report.EventKey), ("action", report.Action), ("channel", report.Channel));
            HoneytokenLog.Triggered(logger, TokenId, report.EventKey, report.Action);
        }
        else
        {
            ScheduleOpenEventsCount(openEvents);
        }

        await NotifyAlertsAsync(action, report, eventId);
        await EventStore.CompleteAlertAsync(TokenId, report.EventKey, CancellationToken.None);
    }

    private static AlertAction ToAlertAction(string deliveryAction) =>
        deliveryAction == DeliveryActions.Triggered ? AlertAction.HoneytokenTriggered : AlertAction.NewHoneytokenEvent;

    /// <summary>
    /// Hands a newly stored event to the alert dispatcher, which writes it to every destination's
    /// queue before it returns. A failure propagates, so the channel returns an error to AWS.
    /// </summary>
    private Task NotifyAlertsAsync(AlertAction action, HoneytokenEventReport report, Guid eventId)
    {
        var (cloudTrailEventId, eventSource) = ReadEventIdentity(report.DataJson);
        var summary = new HoneytokenEventSummary
        {
            Id = eventId.ToString(),
            EventId = cloudTrailEventId,
            EventSource = eventSource,
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

    // The report carries the CloudTrail event id and source only inside its data object, which
    // the routing wrote, so a malformed object is a bug there and reads as absent here.
    private static (string? EventId, string? EventSource) ReadEventIdentity(string dataJson)
    {
        try
        {
            using var data = JsonDocument.Parse(dataJson);
            return (Text(data.RootElement, "event_id"), Text(data.RootElement, "event_source"));
        }
        catch (JsonException)
        {
            return (null, null);
        }

        static string? Text(JsonElement data, string name) =>
            data.ValueKind == JsonValueKind.Object && data.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
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
