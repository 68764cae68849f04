using System.Text;
using System.Text.Json.Nodes;
using Honeytoken.Grains.Events.Channels.LogFiles;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Honeytoken.Events.Tests;

public sealed class SnsDeliveryProcessorTests
{
    private const string TopicArn = "arn:aws:sns:eu-central-1:210987654321:cloudtrail-log-files";
    private const string CertificateUrl = "https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-fedcba9876543210fedcba9876543210.pem";
    private const string LogKey = "AWSLogs/210987654321/CloudTrail/eu-central-1/2026/11/20/210987654321_CloudTrail_eu-central-1_20261120T0825Z_a1b2c3d4e5f6a7b8.json.gz";
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 8, 30, 0, TimeSpan.Zero);

    // Generating an RSA key takes a noticeable time, so the tests share one signer.
    private static readonly SnsSigner Signer = new(Now.AddDays(-30), Now.AddDays(300));

    private readonly FakeCertificateFetcher _fetcher = new();

    public SnsDeliveryProcessorTests()
    {
        _fetcher.Serve(CertificateUrl, Signer.CertificatePem);
    }

    private SnsDeliveryProcessor CreateProcessor()
    {
        var options = new SnsVerificationOptions { TopicArn = TopicArn };
        var verifier = new SnsMessageVerifier(options, new SnsCertificateCache(_fetcher), new FakeTimeProvider(Now), NullLogger<SnsMessageVerifier>.Instance);
        return new SnsDeliveryProcessor(options, verifier, new LogFileNotificationParser(new LogFileNotificationOptions()), NullLogger<SnsDeliveryProcessor>.Instance);
    }

    private static JsonObject Message(string type, string message, string? subscribeUrl = null)
    {
        var body = new JsonObject
        {
            ["Type"] = type,
            ["MessageId"] = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
            ["TopicArn"] = TopicArn,
            ["Message"] = message,
            ["Timestamp"] = "2026-11-20T08:29:30.000Z",
            ["SigningCertURL"] = CertificateUrl,
        };
        if (subscribeUrl is not null)
        {
            body["Token"] = "2336412f37fb687f5d51e6e2425f004aed8a5a7c0b1e";
            body["SubscribeURL"] = subscribeUrl;
        }

        return Signer.Sign(body, "2");
    }

    private static ReadOnlyMemory<byte> Body(JsonObject message) => Encoding.UTF8.GetBytes(message.ToJsonString());

    [Fact]
    public async Task ProcessAsync_CloudTrailNotification_ReadsLogFiles()
    {
        var message = Message("Notification", new JsonObject { ["s3Bucket"] = "trail-bucket", ["s3ObjectKey"] = new JsonArray(LogKey) }.ToJsonString());

        var outcome = await CreateProcessor().ProcessAsync(Body(message), CancellationToken.None);

        Assert.Equal(SnsDeliveryAction.ReadLogFiles, outcome.Action);
        Assert.Equal(LogKey, Assert.Single(outcome.Notification!.LogFiles).Key);
    }

    [Fact]
    public async Task ProcessAsync_TestEvent_IsIgnored()
    {
        var message = Message("Notification", "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"trail-bucket\"}");

        var outcome = await CreateProcessor().ProcessAsync(Body(message), CancellationToken.None);

        Assert.Equal(SnsDeliveryAction.Ignore, outcome.Action);
        Assert.Equal(LogFileNotificationKind.S3TestEvent, outcome.Notification!.Kind);
    }

    [Fact]
    public async Task ProcessAsync_SubscriptionConfirmation_ReturnsUrl()
    {
        var url = "https://sns.eu-central-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + TopicArn + "&Token=2336412f37fb687f";

        var outcome = await CreateProcessor().ProcessAsync(Body(Message("SubscriptionConfirmation", "You have chosen to subscribe.", url)), CancellationToken.None);

        Assert.Equal(SnsDeliveryAction.ConfirmSubscription, outcome.Action);
        Assert.Equal(new Uri(url), outcome.SubscribeUrl);
    }

    [Fact]
    public async Task ProcessAsync_SubscribeUrlOnOtherHost_IsRejected()
    {
        var message = Message("SubscriptionConfirmation", "You have chosen to subscribe.", "https://attacker.example/?Action=ConfirmSubscription");

        var outcome = await CreateProcessor().ProcessAsync(Body(message), CancellationToken.None);

        Assert.Equal(SnsDeliveryAction.Reject, outcome.Action);
        Assert.Equal(SnsRejectionReason.SubscribeUrlNotAllowed, outcome.Verification.Reason);
        Assert.Null(outcome.SubscribeUrl);
    }

    [Fact]
    public async Task ProcessAsync_UnsubscribeConfirmation_ReportsUnsubscribed()
    {
        var message = Message("UnsubscribeConfirmation", "You have chosen to deactivate subscription.", "https://sns.eu-central-1.amazonaws.com/?Action=ConfirmSubscription&Token=1");

        var outcome = await CreateProcessor().ProcessAsync(Body(message), CancellationToken.None);

        Assert.Equal(SnsDeliveryAction.Unsubscribed, outcome.Action);
        Assert.Null(outcome.SubscribeUrl);
    }

    [Fact]
    public async Task ProcessAsync_ForgedSignature_IsRejected()
    {
        var message = Message("Notification", "{\"s3Bucket\":\"trail-bucket\",\"s3ObjectKey\":[\"" + LogKey + "\"]}");
        message["Message"] = "{\"s3Bucket\":\"other-bucket\",\"s3ObjectKey\":[\"" + LogKey + "\"]}";

        var outcome = await CreateProcessor().ProcessAsync(Body(message), CancellationToken.None);

        Assert.Equal(SnsDeliveryAction.Reject, outcome.Action);
        Assert.Equal(SnsRejectionReason.SignatureInvalid, outcome.Verification.Reason);
        Assert.Null(outcome.Notification);
    }

    [Fact]
    public async Task ProcessAsync_InvalidBody_IsRejected()
    {
        var outcome = await CreateProcessor().ProcessAsync("Type=Notification"u8.ToArray(), CancellationToken.None);

        Assert.Equal(SnsDeliveryAction.Reject, outcome.Action);
        Assert.Equal(SnsRejectionReason.InvalidBody, outcome.Verification.Reason);
        Assert.Empty(_fetcher.Requests);
    }
}
