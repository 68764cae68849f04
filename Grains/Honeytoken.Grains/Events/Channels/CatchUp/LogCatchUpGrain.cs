using System.Globalization;
using Amazon.S3;
using Honeytoken.Grains.Events.Channels.LogFiles;
using Honeytoken.Grains.Setup;
using Honeytoken.Grains.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Honeytoken.Grains.Events.Channels.CatchUp;

/// <summary>The stored position of the catch-up's full listing.</summary>
[GenerateSerializer, Alias("honeytoken.log-catch-up-state.v1")]
public sealed class LogCatchUpState
{
    /// <summary>
    /// The last key of the full listing in progress, which the next run continues after; null
    /// when no full listing is in progress.
    /// </summary>
    [Id(0)] public string? FullListingCursor { get; set; }

    /// <summary>The number of runs since the last full listing started.</summary>
    [Id(1)] public int RunsSinceFullListing { get; set; }
}

/// <summary>
/// Finds log objects whose SNS notification never came by listing the log prefix.
/// </summary>
/// <remarks>
/// <para>
/// A single listing that starts after the greatest key seen misses objects. Keys name the
/// account and region before the day folder, so a new object of one account sorts before the
/// last key of another. Within a day folder, a later object can sort before an earlier one. Every run
/// therefore walks the folders down to each account's region folders and lists each of them
/// from the day folder <see cref="IngestionOptions.CatchUpLookback"/> ago, so every object
/// written since then is listed whatever the order of its key.
/// </para>
/// <para>
/// Objects that <c>log_files</c> records as done or quarantined are skipped without calling
/// their grain. Every other log object goes to its <see cref="ILogFileGrain"/>, which does
/// nothing for an object already in progress.
/// </para>
/// <para>
/// Objects in older day folders, such as files that CloudTrail delivered late, are found by a
/// full listing of the prefix, which starts every
/// <see cref="IngestionOptions.CatchUpFullListingEvery"/> runs and goes on over the next runs,
/// <see cref="MaxPagesPerRun"/> pages at a time, until it reaches the end.
/// </para>
/// </remarks>
public sealed class LogCatchUpGrain(
    [PersistentState("catchup", "honeytoken")] IPersistentState<LogCatchUpState> state,
    LogObjectStore objects,
    IngestionStore store,
    TenantConfigurationCache configurations,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider,
    ILogger<LogCatchUpGrain> logger) : Grain, ILogCatchUpGrain, IRemindable
{
    /// <summary>
    /// The maximum number of pages that one listing of a run reads. A full listing goes on in the next run; the
    /// day folders of a region folder are listed again from the start.
    /// </summary>
    public const int MaxPagesPerRun = 100;

    /// <summary>
    /// The maximum number of folders that one run lists to find the region folders, a bound
    /// for a prefix that contains much more than CloudTrail's folders.
    /// </summary>
    public const int MaxFoldersPerRun = 1000;

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

        var since = DateOnly.FromDateTime((timeProvider.GetUtcNow() - options.Value.CatchUpLookback).UtcDateTime);
        var dayFolder = since.ToString("yyyy'/'MM'/'dd'/'", CultureInfo.InvariantCulture);
        var regionFolders = await FindRegionFoldersAsync(configuration, cancellationToken);
        var listed = 0;
        var enqueued = 0;
        foreach (var folder in regionFolders)
        {
            var recent = await EnqueueUnfinishedAsync(configuration, folder, folder + dayFolder, cancellationToken);
            listed += recent.Listed;
            enqueued += recent.Enqueued;
        }

        var fullListed = 0;
        var startsFullListing = state.State.FullListingCursor is null
            && state.State.RunsSinceFullListing + 1 >= options.Value.CatchUpFullListingEvery;
        if (startsFullListing || state.State.FullListingCursor is not null)
        {
            var full = await EnqueueUnfinishedAsync(configuration, configuration.Logs.Prefix, state.State.FullListingCursor, cancellationToken);
            fullListed = full.Listed;
            enqueued += full.Enqueued;
            state.State.FullListingCursor = full.Complete ? null : full.LastKey;
            if (full.Complete)
            {
                IngestionLog.CatchUpFullListingDone(logger);
            }
        }

        state.State.RunsSinceFullListing = startsFullListing ? 0 : state.State.RunsSinceFullListing + 1;
        await state.WriteStateAsync();
        IngestionLog.CatchUpRan(logger, listed, regionFolders.Count, since, fullListed, enqueued);
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

    /// <summary>
    /// Walks the folders under the log prefix with delimiter listings and returns the folders
    /// of each account and region, <c>…/account/CloudTrail/region/</c>.
    /// </summary>
    private async Task<IReadOnlyList<string>> FindRegionFoldersAsync(HoneytokenConfiguration configuration, CancellationToken cancellationToken)
    {
        var regionFolders = new List<string>();
        var pending = new Queue<string>();

        void Add(string folder)
        {
            switch (CloudTrailFolder.Classify(folder))
            {
                case CloudTrailFolderKind.Walk:
                    pending.Enqueue(folder);
                    break;
                case CloudTrailFolderKind.Account:
                    // Only CloudTrail/ contains log files; its siblings contain digests and insights.
                    pending.Enqueue(folder + "CloudTrail/");
                    break;
                case CloudTrailFolderKind.Region:
                    regionFolders.Add(folder);
                    break;
            }
        }

        // A prefix that does not end with '/' is part of a folder name, so it is listed as is.
        // NOTE: a prefix below a region folder finds no region folder; only the full listing reads it.
        var prefix = configuration.Logs.Prefix;
        if (prefix.Length == 0 || !prefix.EndsWith('/'))
        {
            pending.Enqueue(prefix);
        }
        else
        {
            Add(prefix);
        }

        var listedFolders = 0;
        while (pending.TryDequeue(out var folder))
        {
            if (listedFolders == MaxFoldersPerRun)
            {
                IngestionLog.CatchUpWalkTruncated(logger, listedFolders);
                break;
            }

            listedFolders++;
            foreach (var child in await objects.ListFoldersAsync(configuration, folder, cancellationToken))
            {
                Add(child);
            }
        }

        return regionFolders;
    }

    /// <summary>
    /// Lists the keys under <paramref name="prefix"/> after <paramref name="startAfter"/>, up to
    /// <see cref="MaxPagesPerRun"/> pages, and hands every log object that is not done or
    /// quarantined to its grain.
    /// </summary>
    private async Task<ListingResult> EnqueueUnfinishedAsync(
        HoneytokenConfiguration configuration, string prefix, string? startAfter, CancellationToken cancellationToken)
    {
        var listed = 0;
        var enqueued = 0;
        var lastKey = startAfter;
        string? continuation = null;
        for (var page = 0; page < MaxPagesPerRun; page++)
        {
            var result = await objects.ListAsync(configuration, prefix, startAfter, continuation, cancellationToken);
            listed += result.Keys.Count;
            lastKey = result.Keys.Count > 0 ? result.Keys[^1] : lastKey;

            var logFiles = result.Keys.Where(key => CloudTrailObjectKey.Classify(key) == CloudTrailObjectKind.LogFile).ToList();
            var finished = await store.ListFinishedLogFilesAsync(result.Bucket, logFiles, cancellationToken);
            foreach (var key in logFiles.Where(key => !finished.Contains(key)))
            {
                var status = await GrainFactory.GetGrain<ILogFileGrain>(LogFileKeys.Create(result.Bucket, key)).EnqueueAsync(EventChannels.CatchUp);
                enqueued += status.Attempts == 0 ? 1 : 0;
            }

            continuation = result.ContinuationToken;
            if (continuation is null)
            {
                return new ListingResult(listed, enqueued, lastKey, Complete: true);
            }
        }

        return new ListingResult(listed, enqueued, lastKey, Complete: false);
    }

    private readonly record struct ListingResult(int Listed, int Enqueued, string? LastKey, bool Complete);
}
