using Amazon.S3;
using Honeytoken.Grains.Events.Channels.LogFiles;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Honeytoken.Grains.Events.Channels.CatchUp;

/// <summary>The stored position of the catch-up listing.</summary>
[GenerateSerializer, Alias("honeytoken.log-catch-up-state.v1")]
public sealed class LogCatchUpState
{
    /// <summary>The greatest key listed so far; the next listing starts after it.</summary>
    [Id(0)] public string? LastKey { get; set; }

    /// <summary>The number of runs since the last listing from the start of the prefix.</summary>
    [Id(1)] public int RunsSinceFullListing { get; set; }
}

/// <summary>
/// Finds log objects whose SNS notification never came by listing the log prefix.
/// </summary>
/// <remarks>
/// Each run lists with <c>StartAfter</c> the greatest key seen and hands every log object to
/// its <see cref="ILogFileGrain"/>, which does nothing for an object that is done already.
/// Keys of an organization trail start with the account id, so a new object of one account can
/// sort before the last key of another; every <see cref="IngestionOptions.CatchUpFullListingEvery"/>
/// runs the listing therefore starts again from the beginning of the prefix.
/// </remarks>
public sealed class LogCatchUpGrain(
    [PersistentState("catchup", "honeytoken")] IPersistentState<LogCatchUpState> state,
    LogObjectStore objects,
    TenantConfigurationCache configurations,
    IOptions<IngestionOptions> options,
    ILogger<LogCatchUpGrain> logger) : Grain, ILogCatchUpGrain, IRemindable
{
    /// <summary>The most pages one run lists, so a huge backlog is worked through over several runs.</summary>
    public const int MaxPagesPerRun = 100;

    private const string ReminderName = "catch-up";

    // Runs on every silo start, so an existing reminder with the same period keeps its next tick.
    public Task StartAsync() => this.EnsureReminderAsync(ReminderName, options.Value.CatchUpPeriod);

    public async Task<int> RunOnceAsync()
    {
        var cancellationToken = CancellationToken.None;
        var configuration = await configurations.GetAsync();
        if (configuration is null)
        {
            return 0;
        }

        var fullListing = state.State.RunsSinceFullListing + 1 >= options.Value.CatchUpFullListingEvery;
        var startAfter = fullListing ? null : state.State.LastKey;
        var listed = 0;
        var enqueued = 0;
        var lastKey = state.State.LastKey;
        string? continuation = null;
        for (var page = 0; page < MaxPagesPerRun; page++)
        {
            var result = await objects.ListAsync(configuration, startAfter, continuation, cancellationToken);
            foreach (var key in result.Keys)
            {
                listed++;
                if (string.CompareOrdinal(key, lastKey) > 0)
                {
                    lastKey = key;
                }

                if (CloudTrailObjectKey.Classify(key) != CloudTrailObjectKind.LogFile)
                {
                    continue;
                }

                var status = await GrainFactory.GetGrain<ILogFileGrain>(LogFileKeys.Create(result.Bucket, key)).EnqueueAsync(EventChannels.CatchUp);
                enqueued += status.Attempts == 0 ? 1 : 0;
            }

            continuation = result.ContinuationToken;
            if (continuation is null)
            {
                break;
            }
        }

        state.State.LastKey = lastKey;
        state.State.RunsSinceFullListing = fullListing ? 0 : state.State.RunsSinceFullListing + 1;
        await state.WriteStateAsync();
        IngestionLog.CatchUpRan(logger, listed, startAfter, enqueued);
        return enqueued;
    }

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        try
        {
            await RunOnceAsync();
        }
        catch (Exception exception) when (exception is AmazonS3Exception or NpgsqlException or HttpRequestException or OrleansException or TimeoutException)
        {
            IngestionLog.CatchUpFailed(logger, exception);
        }
    }
}
