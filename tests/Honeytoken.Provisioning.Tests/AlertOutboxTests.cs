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
/// its alert, and is sent once: the outbox row written with the event carries it to the retry.
/// </summary>
public sealed class AlertOutboxTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task PendingOutboxRow_Retry_AlertsOnce()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync();
        await using var receiver = await AlertReceiver.StartAsync();
        const string installation = "outbox";
        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 1));
        await environment.WaitForPhaseAsync(installation, SetupPhase.Ready, Timeout);
        var tokenId = (await environment.Client.GetGrain<IKeyPoolGrain>(installation).TakeAsync())!.Value;
        var assigned = await environment.Client.GetGrain<IHoneytokenGrain>(tokenId).AssignAsync(new HoneytokenFields("outbox-token", null, []), Actor.System);
        Assert.True(assigned.Succeeded, assigned.Error?.Message);

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
        await ExecuteAsync(environment, """
            INSERT INTO honeytoken_events (id, honeytoken_id, event_key, event_time, first_received_at, action, channels)
            VALUES (gen_random_uuid(), @token, @key, now(), now(), 'sts:GetCallerIdentity', jsonb_build_object('realtime', now()));
            INSERT INTO alert_outbox (honeytoken_id, event_key, action, created_at) VALUES (@token, @key, 'honeytoken_triggered', now());
            """, tokenId, report.EventKey);

        // AWS retries the delivery that got no response.
        var events = environment.Client.GetGrain<IHoneytokenEventsGrain>(tokenId);
        Assert.Equal(EventRecordOutcome.Merged, await events.RecordEventAsync(report));

        var snapshot = await environment.Client.GetGrain<IHoneytokenGrain>(tokenId).GetAsync(includeSecret: false);
        Assert.Equal(HoneytokenStatus.Triggered, snapshot!.Status);
        var alert = await Poll.UntilAsync(() => Task.FromResult(receiver.Received), alerts => alerts.Count > 0, Timeout, "the triggered alert");
        Assert.Equal("honeytoken_triggered", Assert.Single(alert).Action);
        Assert.Equal(0L, await CountOutboxAsync(environment, tokenId));

        // The other channel, and a notice that the dispatcher gets twice, add no alert.
        Assert.Equal(EventRecordOutcome.Merged, await events.RecordEventAsync(report with { Channel = EventChannels.LogFile }));
        var summary = new HoneytokenEventSummary { Id = report.EventKey, TriggeredAt = report.EventTime, Action = report.Action, Channels = [report.Channel] };
        await dispatcher.NotifyAsync(new AlertNotice(AlertAction.HoneytokenTriggered, snapshot, summary));

        // Absence can only be observed over a window longer than the coalescing window.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(receiver.Received);
    }

    private static async Task ExecuteAsync(ProvisioningEnvironment environment, string sql, Guid tokenId, string eventKey)
    {
        await using var connection = await environment.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("token", tokenId);
        command.Parameters.AddWithValue("key", eventKey);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountOutboxAsync(ProvisioningEnvironment environment, Guid tokenId)
    {
        await using var connection = await environment.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM alert_outbox WHERE honeytoken_id = @token", connection);
        command.Parameters.AddWithValue("token", tokenId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
