using System.Globalization;
using System.Text.Json;
using Amazon.Runtime;
using Honeytoken.Grains.Aws.Iam;
using Honeytoken.Grains.Setup;
using Honeytoken.Grains.Storage;
using Honeytoken.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Honeytoken.Grains.Events.Channels.UnloggedUse;

/// <summary>
/// Reports uses of a honeytoken key that no CloudTrail record explains, from IAM's last-used
/// data (GetAccessKeyLastUsed): some AWS APIs write no CloudTrail record, but IAM still
/// updates the key's last-used date, service and region.
/// </summary>
/// <remarks>
/// A use is reported when IAM's date is later than the token's last stored event by more than
/// <see cref="MatchTolerance"/>, and older than <see cref="IngestionOptions.UnloggedUseAllowance"/>, so that a
/// call whose log file is still on its way is not reported twice. The event key contains the
/// last-used date, so each distinct last use is stored once however often the sweep runs.
/// </remarks>
public sealed class UnloggedUseSweepGrain(
    IngestionStore ingestionStore,
    HoneytokenEventStore eventStore,
    ITenantAwsClients aws,
    TenantConfigurationCache configurations,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider,
    HoneytokenMetrics metrics,
    ILogger<UnloggedUseSweepGrain> logger) : Grain, IUnloggedUseSweepGrain, IRemindable
{
    /// <summary>
    /// The difference between IAM's last-used date and a stored event's time that still counts
    /// as the same call. An estimate: IAM documents the date as approximate.
    /// </summary>
    public static readonly TimeSpan MatchTolerance = TimeSpan.FromMinutes(5);

    private const string ReminderName = "unlogged-use";

    // Runs on every silo start, so an existing reminder with the same period keeps its next tick.
    public Task StartAsync() => this.EnsureReminderAsync(ReminderName, options.Value.UnloggedUseSweepPeriod);

    public async Task<int> RunOnceAsync()
    {
        var cancellationToken = CancellationToken.None;
        var configuration = await configurations.GetAsync();
        if (configuration is null)
        {
            return 0;
        }

        var keys = await ingestionStore.ListActiveKeysAsync(this.GetPrimaryKeyString(), cancellationToken);
        var recorded = 0;
        foreach (var (tokenId, accountId, accessKeyId) in keys)
        {
            try
            {
                recorded += await SweepKeyAsync(configuration, tokenId, accountId, accessKeyId, cancellationToken) ? 1 : 0;
            }
            catch (Exception exception) when (exception is AmazonServiceException or AmazonClientException or HttpRequestException)
            {
                IngestionLog.SweepKeyFailed(logger, accessKeyId, exception);
            }
        }

        IngestionLog.SweepRan(logger, keys.Count, recorded);
        return recorded;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        try
        {
            await RunOnceAsync();
        }
        catch (Exception exception) when (exception is NpgsqlException or OrleansException or TimeoutException)
        {
            IngestionLog.SweepKeyFailed(logger, "(all keys)", exception);
        }
    }

    private async Task<bool> SweepKeyAsync(HoneytokenConfiguration configuration, Guid tokenId, string accountId, string accessKeyId, CancellationToken cancellationToken)
    {
        var response = await aws.Iam(configuration, accountId).GetAccessKeyLastUsedAsync(
            new GetAccessKeyLastUsedRequest { AccessKeyId = accessKeyId }, cancellationToken);
        if (response.AccessKeyLastUsed.LastUsedDate is not DateTimeOffset lastUsed)
        {
            return false;
        }

        if (timeProvider.GetUtcNow() - lastUsed < options.Value.UnloggedUseAllowance)
        {
            return false;
        }

        var lastEvent = await eventStore.GetLastEventTimeAsync(tokenId, cancellationToken);
        if (lastEvent is DateTimeOffset known && lastUsed <= known + MatchTolerance)
        {
            return false;
        }

        metrics.EventReceived(EventChannels.UnloggedUse);
        var started = timeProvider.GetTimestamp();
        var report = BuildReport(accessKeyId, lastUsed, response.AccessKeyLastUsed.ServiceName, response.AccessKeyLastUsed.Region);
        var outcome = await GrainFactory.GetGrain<IHoneytokenEventsGrain>(tokenId).RecordEventAsync(report);

        metrics.EventAttributed(EventChannels.UnloggedUse, outcome);
        if (outcome == EventRecordOutcome.Stored)
        {
            metrics.EventStored(EventChannels.UnloggedUse, timeProvider.GetElapsedTime(started));
        }

        return outcome == EventRecordOutcome.Stored;
    }

    private static HoneytokenEventReport BuildReport(string accessKeyId, DateTimeOffset lastUsed, string serviceName, string region)
    {
        var data = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["source"] = "iam:GetAccessKeyLastUsed",
            ["access_key_id"] = accessKeyId,
            ["service_name"] = serviceName,
            ["region"] = region,
            ["last_used_date"] = lastUsed.ToString("O", CultureInfo.InvariantCulture),
        });

        return new HoneytokenEventReport
        {
            EventKey = $"unlogged|{accessKeyId}|{lastUsed.ToUnixTimeSeconds()}",
            EventTime = lastUsed,
            Action = serviceName + ":UsedWithoutCloudTrailRecord",
            Region = region,
            DataJson = data,
            Tags = ["unlogged-use"],
            Channel = EventChannels.UnloggedUse,
        };
    }
}
