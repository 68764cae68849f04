using System.Net;
using System.Text;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.Grains.Events;
using Honeytoken.Grains.Setup;
using Honeytoken.Ingestion.Tests.Infrastructure;

namespace Honeytoken.Ingestion.Tests;

/// <summary>Log files reach the service once per event whatever SNS does: lost, duplicated or reordered notifications.</summary>
[Collection(IngestionCollection.Name)]
public sealed class LogFileChannelTests(IngestionHarness harness)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task LostNotification_CatchUp_FindsTheFile()
    {
        var token = await harness.CreateTokenAsync("catch-up");
        await harness.Emulator.Control.SetFaultsAsync(new FaultSettings { DroppedSnsNotificationRate = 1 });
        var key = CloudTrailFiles.NewKey("lost");
        try
        {
            harness.PutLogObject(key, CloudTrailFiles.Gzip([CloudTrailFiles.Record(token.AccessKeyId!, DateTimeOffset.UtcNow)]));
        }
        finally
        {
            await harness.Emulator.Control.SetFaultsAsync(new FaultSettings());
        }

        Assert.Empty(await harness.GetEventsAsync(token.Id));

        var enqueued = await harness.Grains.GetGrain<ILogCatchUpGrain>(Installation.DefaultId).RunOnceAsync();

        Assert.True(enqueued >= 1, $"catch-up enqueued {enqueued} objects");
        var status = await harness.WaitForLogFileAsync(key, Deadline);
        Assert.Equal(LogFileState.Done, status.State);
        var stored = Assert.Single(await harness.GetEventsAsync(token.Id));
        Assert.True(stored.Channels.ContainsKey(EventChannels.CatchUp));
    }

    [Fact]
    public async Task CatchUp_AccountSortedFirst_FindsLostFile()
    {
        var token = await harness.CreateTokenAsync("catch-up-accounts");
        var catchUp = harness.Grains.GetGrain<ILogCatchUpGrain>(Installation.DefaultId);
        var laterAccountKey = CloudTrailFiles.NewKey("later-account", account: "468961840317");
        var earlierAccountKey = CloudTrailFiles.NewKey("earlier-account", account: "130442751924");

        // The file of the account that sorts last is listed first, as after a catch-up run
        // that happened between the two deliveries.
        await harness.Emulator.Control.SetFaultsAsync(new FaultSettings { DroppedSnsNotificationRate = 1 });
        try
        {
            harness.PutLogObject(laterAccountKey, CloudTrailFiles.Gzip(Array.Empty<System.Text.Json.Nodes.JsonObject>()));
            await catchUp.RunOnceAsync();
            Assert.Equal(LogFileState.Done, (await harness.WaitForLogFileAsync(laterAccountKey, Deadline)).State);

            harness.PutLogObject(earlierAccountKey, CloudTrailFiles.Gzip([CloudTrailFiles.Record(token.AccessKeyId!, DateTimeOffset.UtcNow)]));
        }
        finally
        {
            await harness.Emulator.Control.SetFaultsAsync(new FaultSettings());
        }

        Assert.Equal(LogFileState.Unknown, (await harness.Grains.GetGrain<ILogFileGrain>(LogFileKeys.Create(IngestionHarness.LogBucket, earlierAccountKey)).GetStatusAsync()).State);

        var enqueued = await catchUp.RunOnceAsync();

        Assert.True(enqueued >= 1, $"catch-up enqueued {enqueued} objects");
        Assert.Equal(LogFileState.Done, (await harness.WaitForLogFileAsync(earlierAccountKey, Deadline)).State);
        var stored = Assert.Single(await harness.GetEventsAsync(token.Id));
        Assert.True(stored.Channels.ContainsKey(EventChannels.CatchUp));
    }

    [Fact]
    public async Task CatchUp_OldDayFolder_FullListingFindsFile()
    {
        var token = await harness.CreateTokenAsync("catch-up-old-day");
        var catchUp = harness.Grains.GetGrain<ILogCatchUpGrain>(Installation.DefaultId);
        var key = CloudTrailFiles.NewKey("old-day", time: DateTime.UtcNow.AddDays(-10));
        await harness.Emulator.Control.SetFaultsAsync(new FaultSettings { DroppedSnsNotificationRate = 1 });
        try
        {
            harness.PutLogObject(key, CloudTrailFiles.Gzip([CloudTrailFiles.Record(token.AccessKeyId!, DateTimeOffset.UtcNow.AddDays(-10))]));
        }
        finally
        {
            await harness.Emulator.Control.SetFaultsAsync(new FaultSettings());
        }

        // The day folder is older than the lookback, so only the full listing, which starts
        // every CatchUpFullListingEvery runs, lists it.
        var file = harness.Grains.GetGrain<ILogFileGrain>(LogFileKeys.Create(IngestionHarness.LogBucket, key));
        var runs = 0;
        while ((await file.GetStatusAsync()).State == LogFileState.Unknown && runs < new IngestionOptions().CatchUpFullListingEvery)
        {
            await catchUp.RunOnceAsync();
            runs++;
        }

        Assert.Equal(LogFileState.Done, (await harness.WaitForLogFileAsync(key, Deadline)).State);
        var stored = Assert.Single(await harness.GetEventsAsync(token.Id));
        Assert.True(stored.Channels.ContainsKey(EventChannels.CatchUp));
    }

    [Fact]
    public async Task DuplicatedReorderedDeliveries_StoreOnce()
    {
        var token = await harness.CreateTokenAsync("duplicates");
        await harness.Emulator.Control.SetFaultsAsync(new FaultSettings { DuplicateDeliveryRate = 1, OutOfOrderDelivery = true });
        try
        {
            for (var call = 0; call < 3; call++)
            {
                var (exitCode, _, stderr) = await AwsCli.RunAsync(harness.Emulator.BaseUri, token.AccessKeyId!, token.SecretAccessKey!, "sts", "get-caller-identity");
                Assert.True(exitCode == 0, stderr);
            }

            await Poll.UntilAsync(() => harness.GetEventsAsync(token.Id), events => events.Count == 3, Deadline, "three real-time events");
            await harness.Emulator.Control.FlushLogFilesAsync();
            await Poll.UntilAsync(
                () => harness.GetEventsAsync(token.Id),
                events => events.All(e => e.Channels.ContainsKey(EventChannels.LogFile)),
                Deadline,
                "the log file to reach every event");
        }
        finally
        {
            await harness.Emulator.Control.SetFaultsAsync(new FaultSettings());
        }

        var events = await harness.GetEventsAsync(token.Id);
        Assert.Equal(3, events.Count);
        Assert.Equal(3, events.Select(e => e.EventKey).Distinct().Count());
        Assert.All(events, e => Assert.True(e.Channels.ContainsKey(EventChannels.RealTime)));
    }

    [Fact]
    public async Task OldEvent_InLateFile_IsStored()
    {
        var token = await harness.CreateTokenAsync("backlog");
        var key = CloudTrailFiles.NewKey("backlog");

        harness.PutLogObject(key, CloudTrailFiles.Gzip([CloudTrailFiles.Record(token.AccessKeyId!, DateTimeOffset.UtcNow.AddHours(-30))]));

        await harness.WaitForLogFileAsync(key, Deadline);
        var stored = Assert.Single(await harness.GetEventsAsync(token.Id));
        Assert.True(stored.EventTime < DateTimeOffset.UtcNow.AddHours(-29));
    }

    [Fact]
    public async Task UnparseableFile_QuarantinedThenRetried()
    {
        var token = await harness.CreateTokenAsync("quarantine");
        var key = CloudTrailFiles.NewKey("broken");
        var good = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(new System.Text.Json.Nodes.JsonObject
        {
            ["Records"] = new System.Text.Json.Nodes.JsonArray(CloudTrailFiles.Record(token.AccessKeyId!, DateTimeOffset.UtcNow)),
        }.ToJsonString()));
        var broken = good[..(good.Length - 10)] + "\"oops";

        harness.PutLogObject(key, CloudTrailFiles.Gzip(Encoding.UTF8.GetBytes(broken)));
        var status = await harness.WaitForLogFileAsync(key, Deadline);

        Assert.Equal(LogFileState.Quarantined, status.State);
        Assert.False(string.IsNullOrEmpty(status.QuarantineReason));
        Assert.NotNull(status.QuarantineOffset);

        // The grain reports the state as soon as it is saved; the listed row follows it.
        var listing = await Poll.UntilAsync(
            () => harness.Http.GetStringAsync(new Uri(harness.ApiBaseUri, "/v1/admin/log-files/quarantine")),
            text => text.Contains(key, StringComparison.Ordinal),
            Deadline,
            "the quarantined file in the admin listing");
        Assert.Contains("\"offset\":", listing, StringComparison.Ordinal);

        // The producer fixes the object; an administrator retries it.
        await harness.Emulator.Control.SetFaultsAsync(new FaultSettings { DroppedSnsNotificationRate = 1 });
        try
        {
            harness.PutLogObject(key, CloudTrailFiles.Gzip(Encoding.UTF8.GetBytes(good)));
        }
        finally
        {
            await harness.Emulator.Control.SetFaultsAsync(new FaultSettings());
        }

        using var retry = await harness.Http.PostAsync(
            new Uri(harness.ApiBaseUri, "/v1/admin/log-files/quarantine/retry"),
            new StringContent($$"""{"bucket":"{{IngestionHarness.LogBucket}}","key":"{{key}}"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(LogFileState.Done, (await harness.WaitForLogFileAsync(key, Deadline)).State);
        Assert.Single(await harness.GetEventsAsync(token.Id));
        Assert.Equal(0, await harness.CountAsync("SELECT count(*) FROM log_files WHERE object_key = @key AND status = 'quarantined'", ("key", key)));
    }
}
