using Amazon.S3;
using Honeytoken.Grains.Events.Routing;
using Honeytoken.Grains.Setup;
using Honeytoken.Grains.Storage;
using Honeytoken.Grains.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>The stored processing state of one log object.</summary>
[GenerateSerializer, Alias("honeytoken.log-file-state.v1")]
public sealed class LogFileGrainState
{
    [Id(0)] public LogFileState State { get; set; }

    [Id(1)] public int Attempts { get; set; }

    [Id(2)] public int RecordsRead { get; set; }

    [Id(3)] public int EventsRouted { get; set; }

    [Id(4)] public string? QuarantineReason { get; set; }

    [Id(5)] public long? QuarantineOffset { get; set; }

    /// <summary>The channel that announced the object first; its events are stored under it.</summary>
    [Id(6)] public string Channel { get; set; } = EventChannels.LogFile;
}

/// <summary>
/// Processes one CloudTrail log object so that each of its events is stored once, however
/// often the object is announced or its processing restarts.
/// </summary>
/// <remarks>
/// The object is marked pending before the announcement is acknowledged, and a reminder is
/// registered before any work starts, so a silo that dies half-way leaves a pending object that
/// the reminder resumes on another silo. A silo that dies between the two leaves a pending object
/// without a reminder. The next announcement or catch-up listing of the object starts it again. A
/// second pass reads the file from the start: events already stored only have their channel
/// merged, so nothing is duplicated. The object is marked done only after its last record is
/// stored. A file that cannot be parsed is quarantined with the reason and the byte offset,
/// and stays so until an administrator retries it.
/// <para>
/// Records made with a temporary key can come before the record that minted the key, since
/// CloudTrail does not order records within a file. The offsets of unattributed records that
/// carry a temporary key are kept (up to <see cref="MaxDeferredRecords"/>), and when the file
/// minted a key it is read a second time to route those records again. Keeping offsets rather
/// than records keeps the memory of a file's processing flat in the file's size.
/// </para>
/// <para>
/// Records that <see cref="RecordRouter.TryRouteFromCache"/> settles are dropped while the file
/// is parsed, before their raw JSON is copied. They may be settled before a record earlier in
/// the same read buffer is routed. That matters only when the earlier record mints a key, and
/// the second read for deferred records covers that case.
/// </para>
/// </remarks>
public sealed class LogFileGrain(
    [PersistentState("logfile", "honeytoken")] IPersistentState<LogFileGrainState> state,
    LogObjectStore objects,
    TenantConfigurationCache configurations,
    RecordRouter router,
    IngestionStore store,
    IOptions<IngestionOptions> options,
    TimeProvider timeProvider,
    HoneytokenMetrics metrics,
    ILogger<LogFileGrain> logger) : Grain, ILogFileGrain, IRemindable
{
    /// <summary>The most records kept for the second routing pass of one file.</summary>
    public const int MaxDeferredRecords = 10_000;

    /// <summary>The maximum number of records of one file routed at the same time.</summary>
    public const int MaxRoutingConcurrency = 16;

    private const string ReminderName = "process";

    private bool processingStarted;

    private bool reminderRegistered;

    private string Bucket => LogFileKeys.Split(this.GetPrimaryKeyString()).Bucket;

    private string Key => LogFileKeys.Split(this.GetPrimaryKeyString()).Key;

    public async Task<LogFileStatus> EnqueueAsync(string channel)
    {
        // Interleaves with a running ProcessAsync so that a notification is acknowledged at once.
        // It writes state only for an object never seen, which no ProcessAsync is working on.
        if (state.State.State == LogFileState.Pending && !processingStarted)
        {
            // A pending object that this activation has not worked on: the silo may have died
            // after acknowledging it and before registering the reminder, so start it again.
            StartProcessing();
            return Status();
        }

        if (state.State.State != LogFileState.Unknown)
        {
            return Status();
        }

        // The pending state is the only write before the acknowledgement. Once it is stored, the
        // processing started below registers the reminder. If the silo dies first, the next
        // announcement or catch-up listing of the object finds it pending and starts it again.
        state.State.State = LogFileState.Pending;
        state.State.Channel = channel;
        await state.WriteStateAsync();

        StartProcessing();
        return Status();
    }

    public async Task<LogFileStatus> ProcessAsync()
    {
        if (state.State.State is LogFileState.Done or LogFileState.Quarantined or LogFileState.Unknown)
        {
            return Status();
        }

        processingStarted = true;
        if (!reminderRegistered)
        {
            await this.RegisterOrUpdateReminder(ReminderName, options.Value.LogFileRetryPeriod, options.Value.LogFileRetryPeriod);
            reminderRegistered = true;
        }

        var cancellationToken = CancellationToken.None;
        var configuration = await configurations.GetAsync()
            ?? throw new InvalidOperationException("No configuration is uploaded, so the log bucket is unknown.");

        state.State.Attempts++;
        await state.WriteStateAsync();
        await WriteRowAsync(cancellationToken);
        IngestionLog.LogFileStarted(logger, Bucket, Key, state.State.Attempts);

        var recordsRead = 0;
        var eventsRouted = 0;
        try
        {
            var deferred = new HashSet<long>();
            var mintedKeys = false;

            // Records that the route cache shows to be no honeytoken's are settled while parsing,
            // without copying their raw JSON; only the others are parsed in full and routed.
            bool NeedsRouting(CloudTrailRecord record)
            {
                if (!router.TryRouteFromCache(record, out var outcome))
                {
                    return true;
                }

                recordsRead++;
                metrics.EventReceived(state.State.Channel);
                if (outcome == RouteOutcome.NotOwned && deferred.Count < MaxDeferredRecords && IsTemporaryKeyUse(record))
                {
                    deferred.Add(record.Offset);
                }

                return false;
            }

            void Count(CloudTrailRecord record, RouteOutcome outcome)
            {
                if (outcome is RouteOutcome.Stored or RouteOutcome.Merged)
                {
                    eventsRouted++;
                    mintedKeys |= record.IssuedAccessKeyId is not null;
                }
                else if (outcome == RouteOutcome.NotOwned && deferred.Count < MaxDeferredRecords && IsTemporaryKeyUse(record))
                {
                    deferred.Add(record.Offset);
                }
            }

            // Up to MaxRoutingConcurrency records are routed at once, so that the file is not
            // read at the pace of one token grain's storage write after another. Outcomes are
            // counted in file order. A record that uses a key minted by a record still in flight
            // comes out NotOwned, so the deferred pass below routes it again.
            var inFlight = new Queue<(CloudTrailRecord Record, Task<RouteOutcome> Outcome)>();
            try
            {
                using (var response = await objects.OpenAsync(configuration, Key, cancellationToken))
                {
                    await foreach (var record in new CloudTrailLogReader().ReadAsync(response.ResponseStream, NeedsRouting, cancellationToken))
                    {
                        recordsRead++;
                        metrics.EventReceived(state.State.Channel);
                        if (inFlight.Count == MaxRoutingConcurrency)
                        {
                            var (done, outcome) = inFlight.Dequeue();
                            Count(done, await outcome);
                        }

                        inFlight.Enqueue((record, router.RouteAsync(record, state.State.Channel, cancellationToken)));
                    }
                }

                while (inFlight.TryDequeue(out var routing))
                {
                    Count(routing.Record, await routing.Outcome);
                }
            }
            finally
            {
                // After a failure, nothing of this pass may still run when the retry starts. The
                // exception already thrown ends the pass, so the others are not observed.
                Task remaining = Task.WhenAll(inFlight.Select(routing => routing.Outcome));
                await remaining.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
            }

            if (mintedKeys && deferred.Count > 0)
            {
                eventsRouted += await RouteDeferredAsync(configuration, deferred, cancellationToken);
            }
        }
        catch (CloudTrailLogFormatException exception)
        {
            return await QuarantineAsync(exception.Reason, exception.Offset, recordsRead, eventsRouted);
        }
        catch (AmazonS3Exception exception) when (exception.ErrorCode == "NoSuchKey")
        {
            // Retrying cannot help: the notification named an object the bucket does not hold.
            return await QuarantineAsync($"The object does not exist in the log bucket ({exception.ErrorCode}).", 0, recordsRead, eventsRouted);
        }
        catch (Exception exception) when (exception is AmazonS3Exception or NpgsqlException or HttpRequestException or IOException or OrleansException or TimeoutException)
        {
            // The reminder stays registered and retries the whole file.
            IngestionLog.LogFileFailed(logger, Bucket, Key, state.State.Attempts, exception);
            throw;
        }

        state.State.State = LogFileState.Done;
        state.State.RecordsRead = recordsRead;
        state.State.EventsRouted = eventsRouted;
        state.State.QuarantineReason = null;
        state.State.QuarantineOffset = null;
        await state.WriteStateAsync();
        await UnregisterReminderAsync();
        await WriteRowAsync(cancellationToken);
        IngestionLog.LogFileDone(logger, Bucket, Key, recordsRead, eventsRouted);
        return Status();
    }

    /// <summary>Reads the object again and routes the records at the deferred offsets; returns the events routed.</summary>
    private async Task<int> RouteDeferredAsync(HoneytokenConfiguration configuration, HashSet<long> offsets, CancellationToken cancellationToken)
    {
        var eventsRouted = 0;
        using var response = await objects.OpenAsync(configuration, Key, cancellationToken);
        await foreach (var record in new CloudTrailLogReader().ReadAsync(response.ResponseStream, record => offsets.Contains(record.Offset), cancellationToken))
        {
            var outcome = await router.RouteAsync(record, state.State.Channel, cancellationToken);
            eventsRouted += outcome is RouteOutcome.Stored or RouteOutcome.Merged ? 1 : 0;
        }

        return eventsRouted;
    }

    private async Task<LogFileStatus> QuarantineAsync(string reason, long offset, int recordsRead, int eventsRouted)
    {
        state.State.State = LogFileState.Quarantined;
        state.State.QuarantineReason = reason;
        state.State.QuarantineOffset = offset;
        state.State.RecordsRead = recordsRead;
        state.State.EventsRouted = eventsRouted;
        await state.WriteStateAsync();
        await UnregisterReminderAsync();
        await WriteRowAsync(CancellationToken.None);
        IngestionLog.LogFileQuarantined(logger, Bucket, Key, offset, reason);
        return Status();
    }

    public async Task<LogFileStatus> RetryAsync()
    {
        if (state.State.State != LogFileState.Quarantined)
        {
            return Status();
        }

        state.State.State = LogFileState.Pending;
        await state.WriteStateAsync();
        await this.RegisterOrUpdateReminder(ReminderName, options.Value.LogFileRetryPeriod, options.Value.LogFileRetryPeriod);
        reminderRegistered = true;
        return await ProcessAsync();
    }

    public Task<LogFileStatus> GetStatusAsync() => Task.FromResult(Status());

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (state.State.State != LogFileState.Pending)
        {
            await UnregisterReminderAsync();
            return;
        }

        reminderRegistered = true;
        await ProcessAsync();
    }

    private void StartProcessing()
    {
        processingStarted = true;
        this.AsReference<ILogFileGrain>().ProcessAsync().Ignore();
    }

    private static bool IsTemporaryKeyUse(CloudTrailRecord record) =>
        record.UserIdentity?.AccessKeyId?.StartsWith("ASIA", StringComparison.Ordinal) ?? false;

    private LogFileStatus Status() => new(
        state.State.State,
        state.State.Attempts,
        state.State.RecordsRead,
        state.State.EventsRouted,
        state.State.QuarantineReason,
        state.State.QuarantineOffset);

    private async Task UnregisterReminderAsync()
    {
        var reminder = await this.GetReminder(ReminderName);
        if (reminder is not null)
        {
            await this.UnregisterReminder(reminder);
        }

        reminderRegistered = false;
    }

    private Task WriteRowAsync(CancellationToken cancellationToken)
    {
        var status = state.State.State switch
        {
            LogFileState.Done => "done",
            LogFileState.Quarantined => "quarantined",
            _ => "pending",
        };
        var row = new LogFileRow(Bucket, Key, status, state.State.Attempts, state.State.RecordsRead, state.State.EventsRouted,
            state.State.QuarantineReason, state.State.QuarantineOffset);
        return store.WriteLogFileAsync(row, timeProvider.GetUtcNow(), cancellationToken);
    }
}
