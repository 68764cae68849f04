using Honeytoken.Grains.Events;
using Honeytoken.Grains.Storage;
using Honeytoken.Grains.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Alerts;

/// <summary>
/// Finishes alerts whose event is stored but whose silo stopped before it handed the alert to
/// the dispatcher: every <see cref="AlertOutboxOptions.SweepInterval"/> it lists the
/// <c>alert_outbox</c> rows older than <see cref="AlertOutboxOptions.GracePeriod"/> and calls
/// <see cref="IHoneytokenEventsGrain.ResumePendingAlertAsync"/> on the grain of each row's token.
/// </summary>
/// <remarks>
/// A hosted service on every silo rather than a reminder grain. It starts with the silo and
/// needs nothing registered or activated, so a sweep runs for as long as any silo runs. Its
/// interval is not bound by the one-minute minimum of reminders either. Silos that list the same row
/// call the same grain, whose calls do not interleave and which reads the row again, so only
/// the first call sends the alert. Each pass reads at most <see cref="AlertOutboxOptions.BatchSize"/>
/// rows and the next pass continues after the last of them, so rows that keep failing cannot
/// hide the rows behind them.
/// </remarks>
public sealed class AlertOutboxSweeper(
    IGrainFactory grains,
    HoneytokenEventStore eventStore,
    IOptions<AlertOutboxOptions> options,
    HoneytokenMetrics metrics,
    TimeProvider timeProvider,
    ILogger<AlertOutboxSweeper> logger) : BackgroundService
{
    // The last row of the previous full page, or null to start from the oldest row.
    private PendingAlertEntry? cursor;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        AlertLog.OutboxSweepStarted(logger, settings.SweepInterval, settings.GracePeriod, settings.BatchSize);

        // The first pass waits one interval, so that it runs on a silo that has joined the cluster.
        using var timer = new PeriodicTimer(settings.SweepInterval, timeProvider);
        while (await WaitAsync(timer, stoppingToken))
        {
            try
            {
                await SweepOnceAsync(settings, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                AlertLog.OutboxSweepFailed(logger, exception);
            }
        }
    }

    private async Task SweepOnceAsync(AlertOutboxOptions settings, CancellationToken cancellationToken)
    {
        var createdBefore = timeProvider.GetUtcNow() - settings.GracePeriod;
        var entries = await eventStore.ListPendingAlertsAsync(createdBefore, cursor, settings.BatchSize, cancellationToken);

        // A short page reached the end, so the next pass starts again from the oldest row.
        cursor = entries.Count < settings.BatchSize ? null : entries[^1];
        if (entries.Count == 0)
        {
            return;
        }

        int resumed = 0, unresolvable = 0, failed = 0;
        foreach (var entry in entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var outcome = await grains.GetGrain<IHoneytokenEventsGrain>(entry.HoneytokenId).ResumePendingAlertAsync(entry.EventKey);
                resumed += outcome == PendingAlertOutcome.Resumed ? 1 : 0;
                unresolvable += outcome == PendingAlertOutcome.Unresolvable ? 1 : 0;
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // When the dispatcher or the database is down, every row fails alike. So only the
                // first failure of a pass is logged with its exception, and the summary counts all.
                if (failed == 0)
                {
                    AlertLog.OutboxAlertFailed(logger, exception, entry.HoneytokenId, entry.EventKey);
                }

                failed++;
            }
        }

        metrics.OutboxAlertsResumed(resumed);
        AlertLog.OutboxSweepRan(logger, entries.Count, resumed, unresolvable, failed);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
