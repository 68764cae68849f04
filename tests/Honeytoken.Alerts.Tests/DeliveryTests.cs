using System.Globalization;
using System.Text;
using Honeytoken.Alerts.Tests.Infrastructure;
using Honeytoken.Grains.Alerts;
using Honeytoken.Grains.Alerts.Delivery;
using Xunit.Abstractions;

namespace Honeytoken.Alerts.Tests;

public sealed class DeliveryTests(AlertClusterFixture fixture, ITestOutputHelper output) : IClassFixture<AlertClusterFixture>, IAsyncLifetime
{
    private static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(30);

    public Task InitializeAsync() => fixture.DeleteAllDestinationsAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Webhook_SignedEnvelope_SignatureVerifies()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        const string Secret = "a-webhook-secret-of-some-length";
        var created = await fixture.CreateAsync(new DestinationSettings
        {
            Type = DestinationType.Webhook,
            Name = "siem",
            Url = receiver.Url,
            Secret = Secret,
            AllowPrivateNetwork = true,
        });
        var tokenId = Guid.NewGuid();

        await fixture.Dispatcher.NotifyAsync(new AlertNotice(AlertAction.HoneytokenTriggered, AlertClusterFixture.Token(tokenId, "ci-deploy-key"), AlertClusterFixture.Event(tokenId, "e1")));
        await Poll.UntilAsync(() => receiver.Received.Count >= 1, DeliveryTimeout, "the webhook");

        var request = receiver.Received.Single();
        var timestamp = request.Headers[WebhookSignature.TimestampHeader];
        byte[] signed = [.. Encoding.UTF8.GetBytes(timestamp + "."), .. request.Body];
        var expected = "v1=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), signed));
        Assert.Equal(expected, request.Headers[WebhookSignature.SignatureHeader]);
        Assert.InRange(long.Parse(timestamp, CultureInfo.InvariantCulture), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        var envelope = request.Json;
        Assert.Equal("honeytoken-orleans", envelope.GetProperty("source").GetString());
        Assert.Equal("honeytoken_triggered", envelope.GetProperty("action").GetString());
        Assert.Contains("ci-deploy-key", envelope.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(tokenId.ToString(), envelope.GetProperty("honeytoken").GetProperty("id").GetString());
        Assert.Equal("198.51.100.7", envelope.GetProperty("honeytoken_event").GetProperty("ip_address").GetString());
        Assert.Equal(request.Headers[WebhookSignature.DeliveryHeader], envelope.GetProperty("delivery_id").GetString());
        Assert.DoesNotContain("must-never-be-sent", Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);

        var view = await fixture.Cluster.Client.GetGrain<IAlertDestinationGrain>(created.Destination!.Id).GetAsync();
        Assert.Equal("********", view!.SecretMasked);
        Assert.Equal(DestinationStatus.Ok, view.Health.Status);
        Assert.Equal(AttemptOutcome.Delivered, view.RecentAttempts[0].Outcome);
        Assert.False(await StorageContainsAsync(Secret), "The secret is stored in clear in the grain state.");
    }

    [Fact]
    public async Task Webhook_NoSecretGiven_GeneratesOne()
    {
        await using var receiver = await WebhookReceiver.StartAsync();

        var created = await fixture.CreateAsync(new DestinationSettings { Type = DestinationType.Webhook, Name = "generated", Url = receiver.Url, AllowPrivateNetwork = true });
        var sent = await fixture.Cluster.Client.GetGrain<IAlertDestinationGrain>(created.Destination!.Id).SendTestAsync(Grains.Auditing.Actor.System);
        await Poll.UntilAsync(() => receiver.Received.Count >= 1, DeliveryTimeout, "the test alert");

        var request = receiver.Received.Single();
        Assert.NotNull(created.GeneratedSecret);
        Assert.Equal(WebhookSignature.Sign(created.GeneratedSecret!, request.Headers[WebhookSignature.TimestampHeader], request.Body), request.Headers[WebhookSignature.SignatureHeader]);
        Assert.Equal("test", request.Json.GetProperty("action").GetString());
        Assert.Equal(sent.DeliveryId.ToString(), request.Headers[WebhookSignature.DeliveryHeader]);
    }

    [Fact]
    public async Task Slack_Payload_HasExpectedFields()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await fixture.CreateAsync(new DestinationSettings { Type = DestinationType.Slack, Name = "chat", Url = receiver.Url, AllowPrivateNetwork = true });
        var tokenId = Guid.NewGuid();

        await fixture.Dispatcher.NotifyAsync(new AlertNotice(AlertAction.HoneytokenTriggered, AlertClusterFixture.Token(tokenId, "laptop-key"), AlertClusterFixture.Event(tokenId, "e1")));
        await Poll.UntilAsync(() => receiver.Received.Count >= 1, DeliveryTimeout, "the Slack message");

        var payload = receiver.Received.Single().Json;
        var text = payload.GetProperty("text").GetString()!;
        Assert.Contains("laptop-key", text, StringComparison.Ordinal);
        Assert.Contains($"/honeytokens/{tokenId}", text, StringComparison.Ordinal);

        var fields = payload.GetProperty("attachments")[0].GetProperty("fields").EnumerateArray()
            .ToDictionary(field => field.GetProperty("title").GetString()!, field => field.GetProperty("value").GetString());
        Assert.Equal("laptop-key", fields["Token"]);
        Assert.Equal("honeytoken_triggered", fields["Action"]);
        Assert.Equal("198.51.100.7", fields["IP address"]);
        Assert.Equal("us-east-1", fields["Region"]);

        // The attacker's user agent is escaped, so it cannot inject Slack markup.
        Assert.Equal("aws-cli/2.15.0 &lt;script&gt;", fields["User agent"]);

        // The webhook URL is the credential, so it is encrypted and shown masked.
        Assert.Equal($"http://127.0.0.1:{receiver.Port}/********", created.Destination!.Url);
        Assert.False(await StorageContainsAsync(receiver.Url), "The Slack URL is stored in clear in the grain state.");
    }

    [Fact]
    public async Task Email_SmtpReceiver_GetsMessage()
    {
        await using var smtp = new SmtpReceiver();
        await fixture.CreateAsync(new DestinationSettings
        {
            Type = DestinationType.Email,
            Name = "soc mailbox",
            Smtp = new SmtpSettings { Host = "127.0.0.1", Port = smtp.Port, From = "honeytoken@example.test", To = ["soc@example.test"] },
            AllowPrivateNetwork = true,
        });
        var tokenId = Guid.NewGuid();

        await fixture.Dispatcher.NotifyAsync(new AlertNotice(AlertAction.HoneytokenTriggered, AlertClusterFixture.Token(tokenId, "backup-key"), AlertClusterFixture.Event(tokenId, "e1")));
        await Poll.UntilAsync(() => smtp.Received.Count >= 1, DeliveryTimeout, "the e-mail");

        var mail = smtp.Received.Single();
        Assert.Equal("<honeytoken@example.test>", mail.From);
        Assert.Equal(["<soc@example.test>"], mail.To);
        Assert.Contains("Subject: [Honeytoken] backup-key triggered", mail.Data, StringComparison.Ordinal);
        Assert.Contains("IP address: 198.51.100.7", mail.Data, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReceiverDownThenUp_DeliversInOrder()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var created = await fixture.CreateAsync(new DestinationSettings { Type = DestinationType.Webhook, Name = "flaky", Url = receiver.Url, AllowPrivateNetwork = true });
        var destination = fixture.Cluster.Client.GetGrain<IAlertDestinationGrain>(created.Destination!.Id);
        await receiver.StopAsync();

        // Token A is triggered, reset and triggered again; token B once in between.
        var tokenA = Guid.NewGuid();
        var tokenB = Guid.NewGuid();
        await fixture.Dispatcher.NotifyAsync(new AlertNotice(AlertAction.HoneytokenTriggered, AlertClusterFixture.Token(tokenA, "a"), AlertClusterFixture.Event(tokenA, "a-1")));
        await fixture.Dispatcher.NotifyAsync(new AlertNotice(AlertAction.HoneytokenTriggered, AlertClusterFixture.Token(tokenB, "b"), AlertClusterFixture.Event(tokenB, "b-1")));
        await fixture.Dispatcher.NotifyAsync(new AlertNotice(AlertAction.HoneytokenTriggered, AlertClusterFixture.Token(tokenA, "a"), AlertClusterFixture.Event(tokenA, "a-2")));

        var failing = await Poll.UntilAsync(
            () => destination.GetAsync(),
            view => view!.RecentAttempts.Count(attempt => attempt.Outcome == AttemptOutcome.WillRetry) >= 3,
            DeliveryTimeout,
            "three failed attempts");
        Assert.Equal(DestinationStatus.Retrying, failing!.Health.Status);
        Assert.Equal(3, failing.PendingDeliveries);
        Assert.Contains("ConnectionError", failing.Health.LastError, StringComparison.Ordinal);

        await receiver.RestartAsync();
        await Poll.UntilAsync(() => receiver.Received.Count >= 3, DeliveryTimeout, "three alerts after the receiver came back");

        var events = receiver.Received.Select(request => request.Json.GetProperty("honeytoken_event").GetProperty("id").GetString()).ToList();
        Assert.Equal(["a-1", "b-1", "a-2"], events);
        Assert.All(receiver.Received, request => Assert.Equal("honeytoken_triggered", request.Json.GetProperty("action").GetString()));

        var recovered = await destination.GetAsync();
        Assert.Equal(DestinationStatus.Ok, recovered!.Health.Status);
        Assert.Equal(0, recovered.PendingDeliveries);
    }

    [Fact]
    public async Task Receiver4xx_GivesUpAfterConfiguredAttempts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.FailWithStatus = 400;
        var created = await fixture.CreateAsync(new DestinationSettings { Type = DestinationType.Webhook, Name = "rejecting", Url = receiver.Url, AllowPrivateNetwork = true });
        var destination = fixture.Cluster.Client.GetGrain<IAlertDestinationGrain>(created.Destination!.Id);
        var tokenId = Guid.NewGuid();

        await fixture.Dispatcher.NotifyAsync(new AlertNotice(AlertAction.HoneytokenTriggered, AlertClusterFixture.Token(tokenId, "t"), AlertClusterFixture.Event(tokenId, "e1")));

        var view = await Poll.UntilAsync(() => destination.GetAsync(), v => v!.PendingDeliveries == 0, DeliveryTimeout, "the delivery to be given up");
        Assert.Equal(3, receiver.RejectedCount);
        Assert.Equal(AttemptOutcome.GaveUp, view!.RecentAttempts[0].Outcome);
        Assert.Equal(400, view.RecentAttempts[0].StatusCode);
        Assert.NotEqual(DestinationStatus.Ok, view.Health.Status);
    }

    [Fact]
    public async Task Flood_TenThousandEvents_CountsAddUp()
    {
        const int Events = 10_000;
        await using var receiver = await WebhookReceiver.StartAsync();
        await fixture.CreateAsync(new DestinationSettings { Type = DestinationType.Webhook, Name = "flooded", Url = receiver.Url, AllowPrivateNetwork = true });
        var tokenId = Guid.NewGuid();
        var token = AlertClusterFixture.Token(tokenId, "flooded-key");

        // The first event triggers the token; the other 9,999 are further events, sent in
        // parallel batches because their order within a window does not matter.
        await fixture.Dispatcher.NotifyAsync(new AlertNotice(AlertAction.HoneytokenTriggered, token, AlertClusterFixture.Event(tokenId, "0")));
        const int Batch = 100;
        for (var start = 1; start < Events; start += Batch)
        {
            var batch = Enumerable.Range(start, Math.Min(Batch, Events - start))
                .Select(i => fixture.Dispatcher.NotifyAsync(new AlertNotice(AlertAction.NewHoneytokenEvent, token, AlertClusterFixture.Event(tokenId, i.ToString(CultureInfo.InvariantCulture)))));
            await Task.WhenAll(batch);
        }

        int Covered() => receiver.Received.Sum(request => request.Json.GetProperty("event_count").GetInt32());
        await Poll.UntilAsync(() => Covered() >= Events, TimeSpan.FromSeconds(60), "messages covering every event");

        var actions = receiver.Received.Select(request => request.Json.GetProperty("action").GetString()).ToList();
        Assert.Equal(Events, Covered());
        Assert.Equal(1, actions.Count(action => action == "honeytoken_triggered"));
        Assert.Equal("honeytoken_triggered", actions[0]);
        Assert.Equal(Events - 1, receiver.Received.Skip(1).Sum(request => request.Json.GetProperty("event_count").GetInt32()));
        Assert.All(receiver.Received.Skip(1), request => Assert.Contains("new events", request.Json.GetProperty("message").GetString()!, StringComparison.Ordinal));

        // Coalescing is the point: far fewer messages than events.
        Assert.InRange(receiver.Received.Count, 2, 200);
    }

    /// <summary>
    /// Measures the time from <see cref="IAlertDispatcherGrain.NotifyAsync"/> to the request's
    /// arrival at a loopback receiver and prints it; nothing is asserted about the numbers.
    /// </summary>
    [Fact]
    public async Task Latency_NoticeToRequest_Measured()
    {
        const int Samples = 30;
        await using var receiver = await WebhookReceiver.StartAsync();
        await fixture.CreateAsync(new DestinationSettings { Type = DestinationType.Webhook, Name = "timed", Url = receiver.Url, AllowPrivateNetwork = true });
        var latencies = new List<double>();

        for (var i = 0; i < Samples; i++)
        {
            var tokenId = Guid.NewGuid();
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            await fixture.Dispatcher.NotifyAsync(new AlertNotice(AlertAction.HoneytokenTriggered, AlertClusterFixture.Token(tokenId, "timed"), AlertClusterFixture.Event(tokenId, "e")));
            await Poll.UntilAsync(() => receiver.Received.Count > i, DeliveryTimeout, $"alert {i}");
            latencies.Add(System.Diagnostics.Stopwatch.GetElapsedTime(started, receiver.Received[i].ArrivedTimestamp).TotalMilliseconds);
        }

        latencies.Sort();
        output.WriteLine(FormattableString.Invariant(
            $"notice to request, {Samples} samples: median {latencies[Samples / 2]:F1} ms, p90 {latencies[Samples * 9 / 10]:F1} ms, max {latencies[^1]:F1} ms"));
        Assert.Equal(Samples, receiver.Received.Count);
    }

    private async Task<bool> StorageContainsAsync(string text)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM orleans_storage WHERE position(@text IN convert_from(payload, 'UTF8')) > 0", connection);
        command.Parameters.AddWithValue("text", text);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }
}
