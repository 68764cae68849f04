using System.Diagnostics;
using Honeytoken.Grains.Alerts;
using Honeytoken.Grains.Auditing;
using Honeytoken.Grains.Events;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Grains.Setup;
using Honeytoken.Provisioning.Tests.Infrastructure;
using Honeytoken.Testing;
using Npgsql;

namespace Honeytoken.Provisioning.Tests;

/// <summary>
/// The alert of an event survives a silo that dies between storing the event and queuing
/// its alert, and is sent once. The outbox row written with the event carries the alert to the
/// retry, or to the outbox sweep when no delivery comes again.
/// </summary>
public sealed class AlertOutboxTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    // Long enough that the test can look at a young row well inside it on a loaded machine.
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(10);

    private static readonly DateTimeOffset EventTime = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string> SweepSettings = new()
    {
        ["Honeytoken:Alerts:Outbox:SweepInterval"] = "00:00:00.500",
        ["Honeytoken:Alerts:Outbox:GracePeriod"] = GracePeriod.ToString(),
    };

    [Fact]
    public async Task PendingOutboxRow_Retry_AlertsOnce()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync();
        await using var receiver = await AlertReceiver.StartAsync();
        var tokenId = await HandOutTokenAsync(environment);
        var dispatcher = await AddReceiverAsync(environment, receiver);

        // What a silo leaves behind when it dies right after the statement that stores the
        // event: the event row and its outbox row, the token still active, no alert queued.
        var report = new HoneytokenEventReport
        {
            EventKey = $"{Guid.NewGuid()}|GetCallerIdentity|2026-01-01T00:00:00Z",
            EventTime = DateTimeOffset.UtcNow,
            Action = "sts:GetCallerIdentity",
            IpAddress = "198.51.100.7",
            DataJson = "{}",
            Channel = EventChannels.RealTime,
        };
        var rowId = Guid.NewGuid();
        await ExecuteAsync(environment, """
            INSERT INTO honeytoken_events (id, honeytoken_id, event_key, event_time, first_received_at, action, channels)
            VALUES (@id, @token, @key, now(), now(), 'sts:GetCallerIdentity', jsonb_build_object('realtime', now()));
            INSERT INTO alert_outbox (honeytoken_id, event_key, action, created_at) VALUES (@token, @key, 'honeytoken_triggered', now());
            """, tokenId, report.EventKey, rowId);

        // AWS retries the delivery that got no response.
        var events = environment.Client.GetGrain<IHoneytokenEventsGrain>(tokenId);
        Assert.Equal(EventRecordOutcome.Merged, await events.RecordEventAsync(report));

        var snapshot = await environment.Client.GetGrain<IHoneytokenGrain>(tokenId).GetAsync(includeSecret: false);
        Assert.Equal(HoneytokenStatus.Triggered, snapshot!.Status);
        var alert = await Poll.UntilAsync(() => Task.FromResult(receiver.Received), alerts => alerts.Count > 0, Timeout, "the triggered alert");
        Assert.Equal("honeytoken_triggered", Assert.Single(alert).Action);
        Assert.Equal(rowId.ToString(), alert[0].Event!.Value.GetProperty("id").GetString());
        Assert.Equal(0L, await CountOutboxAsync(environment, tokenId));

        // The other channel, and a notice that the dispatcher gets twice, add no alert.
        Assert.Equal(EventRecordOutcome.Merged, await events.RecordEventAsync(report with { Channel = EventChannels.LogFile }));
        var summary = new HoneytokenEventSummary { Id = rowId.ToString(), TriggeredAt = report.EventTime, Action = report.Action, Channels = [report.Channel] };
        await dispatcher.NotifyAsync(new AlertNotice(AlertAction.HoneytokenTriggered, snapshot, summary));

        // Absence can only be observed over a window longer than the coalescing window.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task NewEvent_Alert_NamesStoredEvent()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync();
        await using var receiver = await AlertReceiver.StartAsync();
        var tokenId = await HandOutTokenAsync(environment);
        await AddReceiverAsync(environment, receiver);
        var report = new HoneytokenEventReport
        {
            EventKey = $"{Guid.NewGuid()}|ListBuckets|2026-01-01T00:00:00Z",
            EventTime = EventTime,
            Action = "s3:ListBuckets",
            IpAddress = "203.0.113.24",
            DataJson = """{"event_id": "0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", "event_source": "s3.amazonaws.com"}""",
            Channel = EventChannels.RealTime,
        };

        var events = environment.Client.GetGrain<IHoneytokenEventsGrain>(tokenId);
        Assert.Equal(EventRecordOutcome.Stored, await events.RecordEventAsync(report));

        var alerts = await Poll.UntilAsync(() => Task.FromResult(receiver.Received), received => received.Count > 0, Timeout, "the triggered alert");
        var alertedEvent = Assert.Single(alerts).Event!.Value;
        Assert.Equal((await ReadEventRowIdAsync(environment, tokenId, report.EventKey)).ToString(), alertedEvent.GetProperty("id").GetString());
        Assert.Equal("0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f", alertedEvent.GetProperty("data").GetProperty("event_id").GetString());
        Assert.Equal("s3.amazonaws.com", alertedEvent.GetProperty("data").GetProperty("event_source").GetString());
    }

    [Fact]
    public async Task PendingOutboxRow_NoRedelivery_SweepAlertsOnce()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync(settings: SweepSettings);
        await using var receiver = await AlertReceiver.StartAsync();
        var tokenId = await HandOutTokenAsync(environment);
        await AddReceiverAsync(environment, receiver);

        // A silo died after storing the event, and no channel delivers it again: AWS gave up
        // retrying, or the call is one that only a single channel ever reports.
        var eventKey = $"{Guid.NewGuid()}|GetCallerIdentity|2026-01-01T00:00:00Z";
        await InsertPendingEventAsync(environment, tokenId, eventKey, age: TimeSpan.FromMinutes(1));

        var alerts = await Poll.UntilAsync(() => Task.FromResult(receiver.Received), received => received.Count > 0, Timeout, "the swept alert");
        var alert = Assert.Single(alerts);
        Assert.Equal("honeytoken_triggered", alert.Action);
        Assert.Equal(tokenId, alert.HoneytokenId);

        // The alert names the event as the REST API does, with CloudTrail's own identifiers.
        var alertedEvent = alert.Event!.Value;
        Assert.Equal((await ReadEventRowIdAsync(environment, tokenId, eventKey)).ToString(), alertedEvent.GetProperty("id").GetString());
        Assert.Equal("6f4ab5c2-93d1-4e0b-8c57-2b7e0d1a9f34", alertedEvent.GetProperty("data").GetProperty("event_id").GetString());
        Assert.Equal("sts.amazonaws.com", alertedEvent.GetProperty("data").GetProperty("event_source").GetString());

        // The grain rebuilt the alert from the stored event row, whose time marks the trigger.
        var snapshot = await environment.Client.GetGrain<IHoneytokenGrain>(tokenId).GetAsync(includeSecret: false);
        Assert.Equal(HoneytokenStatus.Triggered, snapshot!.Status);
        Assert.Equal(EventTime, snapshot.TriggeredAt);
        Assert.Equal(0L, await CountOutboxAsync(environment, tokenId));
        Assert.Single(CapturedLogs.Instance.Lines, line => line.Contains("[5019]", StringComparison.Ordinal) && line.Contains(eventKey, StringComparison.Ordinal));

        // Later passes find no row, so the alert is not repeated. Absence can only be observed
        // over a window longer than the coalescing window and several sweep intervals.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task PendingOutboxRow_InsideGracePeriod_LeftAlone()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync(settings: SweepSettings);
        await using var receiver = await AlertReceiver.StartAsync();
        var tokenId = await HandOutTokenAsync(environment);
        await AddReceiverAsync(environment, receiver);

        // A row as young as one whose alert the storing grain is still handing on.
        var eventKey = $"{Guid.NewGuid()}|GetCallerIdentity|2026-01-01T00:00:00Z";
        var clock = Stopwatch.StartNew();
        await InsertPendingEventAsync(environment, tokenId, eventKey, age: TimeSpan.Zero);

        // Several sweep passes run within half the grace period, and none takes the row.
        await Task.Delay(GracePeriod / 2);
        Assert.Empty(receiver.Received);
        Assert.Equal(1L, await CountOutboxAsync(environment, tokenId));
        var snapshot = await environment.Client.GetGrain<IHoneytokenGrain>(tokenId).GetAsync(includeSecret: false);
        Assert.Equal(HoneytokenStatus.Active, snapshot!.Status);
        Assert.True(clock.Elapsed < GracePeriod, $"The check ran {clock.Elapsed} after the insert, outside the grace period; the machine is too slow for this test.");

        // Once the grace period is over, the sweep sends it.
        var alerts = await Poll.UntilAsync(() => Task.FromResult(receiver.Received), received => received.Count > 0, Timeout, "the swept alert");
        Assert.True(clock.Elapsed >= GracePeriod, $"The alert came {clock.Elapsed} after the insert, inside the grace period of {GracePeriod}.");
        Assert.Equal("honeytoken_triggered", Assert.Single(alerts).Action);
        Assert.Equal(0L, await CountOutboxAsync(environment, tokenId));
    }

    [Fact]
    public async Task UnresolvableRow_NextRowStillAlerted()
    {
        var settings = new Dictionary<string, string>(SweepSettings) { ["Honeytoken:Alerts:Outbox:BatchSize"] = "1" };
        await using var environment = await ProvisioningEnvironment.StartAsync(settings: settings);
        await using var receiver = await AlertReceiver.StartAsync();
        var tokenId = await HandOutTokenAsync(environment);
        await AddReceiverAsync(environment, receiver);

        // The oldest row has no event row, so no alert can be built from it. With one row a
        // pass, a sweep that always started from the oldest row would never reach the next.
        var orphanKey = $"{Guid.NewGuid()}|DeleteBucket|2026-01-01T00:00:00Z";
        await ExecuteAsync(environment, """
            INSERT INTO alert_outbox (honeytoken_id, event_key, action, created_at)
            VALUES (@token, @key, 'honeytoken_triggered', now() - interval '2 minutes');
            """, tokenId, orphanKey);
        var eventKey = $"{Guid.NewGuid()}|GetCallerIdentity|2026-01-01T00:00:00Z";
        await InsertPendingEventAsync(environment, tokenId, eventKey, age: TimeSpan.FromMinutes(1));

        var alerts = await Poll.UntilAsync(() => Task.FromResult(receiver.Received), received => received.Count > 0, Timeout, "the alert behind the unresolvable row");
        Assert.Equal("honeytoken_triggered", Assert.Single(alerts).Action);

        // The unresolvable row stays, and the grain logs why, rather than losing it.
        Assert.Equal(1L, await CountOutboxAsync(environment, tokenId));
        Assert.Contains(CapturedLogs.Instance.Lines, line => line.Contains("[5034]", StringComparison.Ordinal) && line.Contains(orphanKey, StringComparison.Ordinal));
    }

    private static async Task<Guid> HandOutTokenAsync(ProvisioningEnvironment environment)
    {
        const string installation = "outbox";
        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 1));
        await environment.WaitForPhaseAsync(installation, SetupPhase.Ready, Timeout);
        var tokenId = (await environment.Client.GetGrain<IKeyPoolGrain>(installation).TakeAsync())!.Value;
        var assigned = await environment.Client.GetGrain<IHoneytokenGrain>(tokenId).AssignAsync(new HoneytokenFields("outbox-token", null, []), Actor.System);
        Assert.True(assigned.Succeeded, assigned.Error?.Message);
        return tokenId;
    }

    private static async Task<IAlertDispatcherGrain> AddReceiverAsync(ProvisioningEnvironment environment, AlertReceiver receiver)
    {
        var dispatcher = environment.Client.GetGrain<IAlertDispatcherGrain>(IAlertDispatcherGrain.DefaultKey);
        var destination = await dispatcher.CreateDestinationAsync(new DestinationSettings
        {
            Type = DestinationType.Webhook,
            Name = "outbox-receiver",
            Url = receiver.Url,
            AllowPrivateNetwork = true,
            CoalesceWindow = TimeSpan.FromSeconds(1),
        }, Actor.System);
        Assert.Null(destination.Error);
        return dispatcher;
    }

    // What a silo leaves behind when it dies right after the statement that stores the event:
    // the event row and its outbox row, created <paramref name="age"/> ago, and no alert queued.
    private static async Task InsertPendingEventAsync(ProvisioningEnvironment environment, Guid tokenId, string eventKey, TimeSpan age)
    {
        await using var connection = await environment.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("""
            INSERT INTO honeytoken_events (id, honeytoken_id, event_key, event_time, first_received_at, ip_address,
                action, region, user_agent, channels, data, tags)
            VALUES (gen_random_uuid(), @token, @key, @event_time, now() - @age, '198.51.100.7',
                'sts:GetCallerIdentity', 'us-east-1', 'aws-cli/2.15.0', jsonb_build_object('realtime', now() - @age),
                '{"event_id": "6f4ab5c2-93d1-4e0b-8c57-2b7e0d1a9f34", "event_source": "sts.amazonaws.com", "event_name": "GetCallerIdentity"}',
                '{tool:aws-cli}');
            INSERT INTO alert_outbox (honeytoken_id, event_key, action, created_at)
            VALUES (@token, @key, 'honeytoken_triggered', now() - @age);
            """, connection);
        command.Parameters.AddWithValue("token", tokenId);
        command.Parameters.AddWithValue("key", eventKey);
        command.Parameters.AddWithValue("event_time", EventTime);
        command.Parameters.AddWithValue("age", age);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task ExecuteAsync(ProvisioningEnvironment environment, string sql, Guid tokenId, string eventKey, Guid? rowId = null)
    {
        await using var connection = await environment.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("token", tokenId);
        command.Parameters.AddWithValue("key", eventKey);
        command.Parameters.AddWithValue("id", rowId ?? Guid.NewGuid());
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<Guid> ReadEventRowIdAsync(ProvisioningEnvironment environment, Guid tokenId, string eventKey)
    {
        await using var connection = await environment.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT id FROM honeytoken_events WHERE honeytoken_id = @token AND event_key = @key", connection);
        command.Parameters.AddWithValue("token", tokenId);
        command.Parameters.AddWithValue("key", eventKey);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> CountOutboxAsync(ProvisioningEnvironment environment, Guid tokenId)
    {
        await using var connection = await environment.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM alert_outbox WHERE honeytoken_id = @token", connection);
        command.Parameters.AddWithValue("token", tokenId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
