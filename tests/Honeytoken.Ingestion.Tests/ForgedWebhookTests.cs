using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.Grains.Events;
using Honeytoken.Ingestion.Tests.Infrastructure;

namespace Honeytoken.Ingestion.Tests;

/// <summary>Forged or replayed deliveries are rejected and store nothing.</summary>
[Collection(IngestionCollection.Name)]
public sealed class ForgedWebhookTests(IngestionHarness harness)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RealTime_WrongKey_Returns401()
    {
        var token = await harness.CreateTokenAsync("forged-realtime");
        var envelope = Envelope(CloudTrailFiles.Record(token.AccessKeyId!, DateTimeOffset.UtcNow));

        var wrongKey = await harness.PostAsync("/webhooks/aws/realtime", envelope, new Dictionary<string, string> { [IngestionHarness.WebhookHeader] = "not-the-key" });
        var noKey = await harness.PostAsync("/webhooks/aws/realtime", envelope);
        var prefixOfKey = await harness.PostAsync("/webhooks/aws/realtime", envelope,
            new Dictionary<string, string> { [IngestionHarness.WebhookHeader] = IngestionHarness.WebhookKey[..^1] });

        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey);
        Assert.Equal(HttpStatusCode.Unauthorized, noKey);
        Assert.Equal(HttpStatusCode.Unauthorized, prefixOfKey);
        Assert.Empty(await harness.GetEventsAsync(token.Id));

        var genuine = await harness.PostAsync("/webhooks/aws/realtime", envelope, new Dictionary<string, string> { [IngestionHarness.WebhookHeader] = IngestionHarness.WebhookKey });
        Assert.Equal(HttpStatusCode.OK, genuine);
        Assert.Single(await harness.GetEventsAsync(token.Id));
    }

    [Fact]
    public async Task RealTime_BodyOver256KB_Returns413()
    {
        var body = new string(' ', (256 * 1024) + 1);

        var status = await harness.PostAsync("/webhooks/aws/realtime", body, new Dictionary<string, string> { [IngestionHarness.WebhookHeader] = IngestionHarness.WebhookKey });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
    }

    [Fact]
    public async Task RealTime_NotOwned_Dropped()
    {
        var status = await harness.PostAsync("/webhooks/aws/realtime", Envelope(CloudTrailFiles.Record("AKIANOTAHONEYTOKEN01", DateTimeOffset.UtcNow)),
            new Dictionary<string, string> { [IngestionHarness.WebhookHeader] = IngestionHarness.WebhookKey });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, await harness.CountAsync("SELECT count(*) FROM honeytoken_events WHERE raw_record LIKE '%AKIANOTAHONEYTOKEN01%'"));
    }

    [Fact]
    public async Task Sns_ForgedMessages_Rejected()
    {
        var token = await harness.CreateTokenAsync("forged-sns");
        var key = CloudTrailFiles.NewKey("forged");
        await PutWithoutNotificationAsync(key, CloudTrailFiles.Gzip([CloudTrailFiles.Record(token.AccessKeyId!, DateTimeOffset.UtcNow)]));
        using var otherHost = new RequestCounter();

        var genuine = Notification(CloudTrailFiles.S3Notification(IngestionHarness.LogBucket, key));
        var badSignature = new Dictionary<string, string>(genuine) { ["Message"] = genuine["Message"].Replace("ObjectCreated", "ObjectCreatee", StringComparison.Ordinal) };
        var otherCertificateHost = new Dictionary<string, string>(genuine) { ["SigningCertURL"] = $"http://127.0.0.1:{otherHost.Port}/SimpleNotificationService-forged.pem" };
        var httpCertificate = new Dictionary<string, string>(genuine) { ["SigningCertURL"] = "http://sns.us-west-2.amazonaws.com/SimpleNotificationService-forged.pem" };
        var otherSnsLookalike = new Dictionary<string, string>(genuine) { ["SigningCertURL"] = "https://s3.amazonaws.com/x/SimpleNotificationService-x.pem" };
        var wrongTopic = Notification(CloudTrailFiles.S3Notification(IngestionHarness.LogBucket, key), topicArn: "arn:aws:sns:us-west-2:123456789012:someone-elses-topic");
        var tooOld = Notification(CloudTrailFiles.S3Notification(IngestionHarness.LogBucket, key), timestamp: DateTimeOffset.UtcNow.AddHours(-2));

        foreach (var (name, message) in new[]
        {
            ("bad signature", badSignature),
            ("certificate on another host", otherCertificateHost),
            ("certificate over HTTP", httpCertificate),
            ("certificate on a non-SNS AWS host", otherSnsLookalike),
            ("wrong topic", wrongTopic),
            ("older than the maximum age", tooOld),
        })
        {
            var status = await harness.PostAsync("/webhooks/aws/sns", JsonSerializer.Serialize(message));
            Assert.True(status == HttpStatusCode.Forbidden, $"{name}: expected 403, got {(int)status}");
        }

        Assert.Equal(0, otherHost.Requests);
        Assert.Empty(await harness.GetEventsAsync(token.Id));
        Assert.Equal(LogFileState.Unknown, (await harness.Grains.GetGrain<ILogFileGrain>(LogFileKeys.Create(IngestionHarness.LogBucket, key)).GetStatusAsync()).State);

        Assert.Equal(HttpStatusCode.OK, await harness.PostAsync("/webhooks/aws/sns", JsonSerializer.Serialize(genuine)));
        await harness.WaitForLogFileAsync(key, Deadline);
        var stored = Assert.Single(await harness.GetEventsAsync(token.Id));

        // The same MessageId again: acknowledged, and nothing new is stored or processed.
        Assert.Equal(HttpStatusCode.OK, await harness.PostAsync("/webhooks/aws/sns", JsonSerializer.Serialize(genuine)));
        var status2 = await harness.Grains.GetGrain<ILogFileGrain>(LogFileKeys.Create(IngestionHarness.LogBucket, key)).GetStatusAsync();
        Assert.Equal(1, status2.Attempts);
        Assert.Equal(stored.Channels.ToJsonString(), Assert.Single(await harness.GetEventsAsync(token.Id)).Channels.ToJsonString());
        Assert.Equal(1, await harness.CountAsync("SELECT count(*) FROM sns_messages WHERE message_id = @id", ("id", genuine["MessageId"])));
    }

    [Fact]
    public async Task Sns_SignatureVersion2_IsVerified()
    {
        var token = await harness.CreateTokenAsync("sns-v2");
        var key = CloudTrailFiles.NewKey("v2");
        await PutWithoutNotificationAsync(key, CloudTrailFiles.Gzip([CloudTrailFiles.Record(token.AccessKeyId!, DateTimeOffset.UtcNow)]));

        var message = Notification(CloudTrailFiles.S3Notification(IngestionHarness.LogBucket, key), signatureVersion: "2");
        Assert.Equal(HttpStatusCode.OK, await harness.PostAsync("/webhooks/aws/sns", JsonSerializer.Serialize(message)));

        await harness.WaitForLogFileAsync(key, Deadline);
        Assert.Single(await harness.GetEventsAsync(token.Id));
    }

    [Fact]
    public async Task Sns_NotJson_Returns400()
    {
        Assert.Equal(HttpStatusCode.BadRequest, await harness.PostAsync("/webhooks/aws/sns", "this is not an SNS message"));
    }

    [Fact]
    public async Task Sns_SignedConfirmationToOtherHost_NotVisited()
    {
        using var otherHost = new RequestCounter();

        // Signed with the emulator's certificate, so only the host check of the SubscribeURL stops it.
        var confirmation = harness.SignSnsMessage(new Dictionary<string, string>
        {
            ["Type"] = "SubscriptionConfirmation",
            ["MessageId"] = Guid.NewGuid().ToString(),
            ["Token"] = "forged-confirmation-token",
            ["TopicArn"] = EmulatorSeed.LocalTopicArn,
            ["Message"] = "You have chosen to subscribe to the topic.",
            ["SubscribeURL"] = $"http://127.0.0.1:{otherHost.Port}/?Action=ConfirmSubscription",
            ["Timestamp"] = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        });

        var status = await harness.PostAsync("/webhooks/aws/sns", JsonSerializer.Serialize(confirmation));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal(0, otherHost.Requests);
        Assert.Equal(1, await harness.CountAsync(
            "SELECT count(*) FROM sns_subscription_events WHERE event_type = 'confirmation_failed' AND detail LIKE @url",
            ("url", $"%127.0.0.1:{otherHost.Port}%")));
    }

    internal static string Envelope(System.Text.Json.Nodes.JsonObject record) => new System.Text.Json.Nodes.JsonObject
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = "AWS API Call via CloudTrail",
        ["source"] = "aws.sts",
        ["account"] = "111122223333",
        ["time"] = record["eventTime"]!.GetValue<string>(),
        ["region"] = "us-east-1",
        ["resources"] = new System.Text.Json.Nodes.JsonArray(),
        ["detail"] = record,
    }.ToJsonString();

    private Dictionary<string, string> Notification(string messageBody, string? topicArn = null, DateTimeOffset? timestamp = null, string signatureVersion = "1") =>
        harness.SignSnsMessage(new Dictionary<string, string>
        {
            ["Type"] = "Notification",
            ["MessageId"] = Guid.NewGuid().ToString(),
            ["TopicArn"] = topicArn ?? EmulatorSeed.LocalTopicArn,
            ["Subject"] = "Amazon S3 Notification",
            ["Message"] = messageBody,
            ["Timestamp"] = (timestamp ?? DateTimeOffset.UtcNow).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        }, signatureVersion);

    private async Task PutWithoutNotificationAsync(string key, byte[] content)
    {
        await harness.Emulator.Control.SetFaultsAsync(new FaultSettings { DroppedSnsNotificationRate = 1 });
        try
        {
            harness.PutLogObject(key, content);
        }
        finally
        {
            await harness.Emulator.Control.SetFaultsAsync(new FaultSettings());
        }
    }

    /// <summary>A loopback listener that counts connections, to prove that no request reached it.</summary>
    private sealed class RequestCounter : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private int _requests;

        public RequestCounter()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int Requests => Volatile.Read(ref _requests);

        public void Dispose() => _listener.Stop();

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await _listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref _requests);
                }
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException)
            {
                // The listener stopped.
            }
        }
    }
}
