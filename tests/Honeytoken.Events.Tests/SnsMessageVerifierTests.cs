using System.Text.Json.Nodes;
using Honeytoken.Grains.Events.Channels.LogFiles;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Honeytoken.Events.Tests;

public sealed class SnsMessageVerifierTests
{
    private const string TopicArn = "arn:aws:sns:eu-central-1:210987654321:cloudtrail-log-files";
    private const string CertificateUrl = "https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 8, 30, 0, TimeSpan.Zero);

    // Generating an RSA key takes a noticeable time, so the tests share one signer.
    private static readonly SnsSigner SharedSigner = new(Now.AddDays(-30), Now.AddDays(300));

    private readonly SnsSigner _signer = SharedSigner;
    private readonly FakeCertificateFetcher _fetcher = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly SnsVerificationOptions _options = new() { TopicArn = TopicArn, MaxMessageAge = TimeSpan.FromMinutes(30) };

    public SnsMessageVerifierTests()
    {
        _fetcher.Serve(CertificateUrl, _signer.CertificatePem);
    }

    private SnsMessageVerifier CreateVerifier() =>
        new(_options, new SnsCertificateCache(_fetcher), _time, NullLogger<SnsMessageVerifier>.Instance);

    private static JsonObject Notification(string? subject = "Amazon S3 Notification") => new()
    {
        ["Type"] = "Notification",
        ["MessageId"] = "8a3c1e2f-4b5d-5e6f-9a0b-1c2d3e4f5a6b",
        ["TopicArn"] = TopicArn,
        ["Subject"] = subject,
        ["Message"] = "{\"s3Bucket\":\"trail-bucket\",\"s3ObjectKey\":[\"AWSLogs/210987654321/CloudTrail/eu-central-1/2026/11/20/210987654321_CloudTrail_eu-central-1_20261120T0825Z_a1b2c3d4e5f6a7b8.json.gz\"]}",
        ["Timestamp"] = "2026-11-20T08:25:00.123Z",
        ["SigningCertURL"] = CertificateUrl,
        ["UnsubscribeURL"] = "https://sns.eu-central-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=" + TopicArn + ":5f1e2d3c",
    };

    private static JsonObject Confirmation(string type) => new()
    {
        ["Type"] = type,
        ["MessageId"] = "1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
        ["Token"] = "2336412f37fb687f5d51e6e2425f004aed8a5a7c0b1e",
        ["TopicArn"] = TopicArn,
        ["Message"] = "You have chosen to subscribe to the topic " + TopicArn + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.",
        ["SubscribeURL"] = "https://sns.eu-central-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + TopicArn + "&Token=2336412f37fb687f",
        ["Timestamp"] = "2026-11-20T08:29:00.000Z",
        ["SigningCertURL"] = CertificateUrl,
    };

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public async Task VerifyAsync_SignedNotification_IsVerified(string version)
    {
        var message = SnsSigner.Parse(_signer.Sign(Notification(), version));

        var result = await CreateVerifier().VerifyAsync(message, CancellationToken.None);

        Assert.True(result.IsVerified, result.Detail);
        Assert.Single(_fetcher.Requests);
    }

    [Fact]
    public async Task VerifyAsync_NotificationWithoutSubject_IsVerified()
    {
        var body = Notification(subject: null);
        body.Remove("Subject");

        var result = await CreateVerifier().VerifyAsync(SnsSigner.Parse(_signer.Sign(body, "2")), CancellationToken.None);

        Assert.True(result.IsVerified, result.Detail);
    }

    [Theory]
    [InlineData("SubscriptionConfirmation", "1")]
    [InlineData("SubscriptionConfirmation", "2")]
    [InlineData("UnsubscribeConfirmation", "2")]
    public async Task VerifyAsync_SignedConfirmation_IsVerified(string type, string version)
    {
        var message = SnsSigner.Parse(_signer.Sign(Confirmation(type), version));

        var result = await CreateVerifier().VerifyAsync(message, CancellationToken.None);

        Assert.True(result.IsVerified, result.Detail);
    }

    [Theory]
    [InlineData("Message", "{\"s3Bucket\":\"attacker-bucket\",\"s3ObjectKey\":[\"x.json.gz\"]}")]
    [InlineData("MessageId", "00000000-0000-0000-0000-000000000000")]
    [InlineData("Subject", "Something else")]
    [InlineData("Timestamp", "2026-11-20T08:25:01.123Z")]
    public async Task VerifyAsync_TamperedField_IsRejected(string field, string value)
    {
        var body = _signer.Sign(Notification(), "2");
        body[field] = value;

        var result = await CreateVerifier().VerifyAsync(SnsSigner.Parse(body), CancellationToken.None);

        Assert.Equal(SnsRejectionReason.SignatureInvalid, result.Reason);
    }

    [Fact]
    public async Task VerifyAsync_TamperedToken_IsRejected()
    {
        var body = _signer.Sign(Confirmation("SubscriptionConfirmation"), "1");
        body["SubscribeURL"] = "https://sns.eu-central-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=" + TopicArn + "&Token=ffff";

        var result = await CreateVerifier().VerifyAsync(SnsSigner.Parse(body), CancellationToken.None);

        Assert.Equal(SnsRejectionReason.SignatureInvalid, result.Reason);
    }

    [Fact]
    public async Task VerifyAsync_MislabelledVersion_IsRejected()
    {
        var body = _signer.Sign(Notification(), "1");
        body["SignatureVersion"] = "2";

        var result = await CreateVerifier().VerifyAsync(SnsSigner.Parse(body), CancellationToken.None);

        Assert.Equal(SnsRejectionReason.SignatureInvalid, result.Reason);
    }

    [Theory]
    [InlineData("http://sns.eu-central-1.amazonaws.com/SimpleNotificationService-0123.pem")]
    [InlineData("https://s3.amazonaws.com/x/SimpleNotificationService-x.pem")]
    [InlineData("https://sns.eu-central-1.amazonaws.com.attacker.example/cert.pem")]
    [InlineData("https://attacker.example/sns.eu-central-1.amazonaws.com/cert.pem")]
    [InlineData("https://sns.eu-central-1.amazonaws.com:8443/cert.pem")]
    [InlineData("https://user@sns.eu-central-1.amazonaws.com/cert.pem")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    public async Task VerifyAsync_CertificateUrlNotAllowed_IsRejectedWithoutFetch(string url)
    {
        var body = Notification();
        body["SigningCertURL"] = url;
        body = _signer.Sign(body, "2");

        var result = await CreateVerifier().VerifyAsync(SnsSigner.Parse(body), CancellationToken.None);

        Assert.Equal(SnsRejectionReason.CertificateUrlNotAllowed, result.Reason);
        Assert.Empty(_fetcher.Requests);
    }

    [Fact]
    public async Task VerifyAsync_EmulatorHostConfigured_IsVerified()
    {
        const string emulatorUrl = "http://127.0.0.1:4566/_sns/signing-certificate.pem";
        _fetcher.Serve(emulatorUrl, _signer.CertificatePem);
        _options.AllowedCertificateHosts.Add("127.0.0.1:4566");
        _options.AllowHttpForAllowedHosts = true;
        var body = Notification();
        body["SigningCertURL"] = emulatorUrl;

        var result = await CreateVerifier().VerifyAsync(SnsSigner.Parse(_signer.Sign(body, "2")), CancellationToken.None);

        Assert.True(result.IsVerified, result.Detail);
    }

    [Fact]
    public async Task VerifyAsync_HttpNotAllowed_IsRejected()
    {
        _options.AllowedCertificateHosts.Add("127.0.0.1:4566");
        var body = Notification();
        body["SigningCertURL"] = "http://127.0.0.1:4566/_sns/signing-certificate.pem";

        var result = await CreateVerifier().VerifyAsync(SnsSigner.Parse(_signer.Sign(body, "2")), CancellationToken.None);

        Assert.Equal(SnsRejectionReason.CertificateUrlNotAllowed, result.Reason);
        Assert.Empty(_fetcher.Requests);
    }

    [Fact]
    public async Task VerifyAsync_WrongTopic_IsRejectedWithoutFetch()
    {
        var body = Notification();
        body["TopicArn"] = "arn:aws:sns:eu-central-1:210987654321:someone-elses-topic";

        var result = await CreateVerifier().VerifyAsync(SnsSigner.Parse(_signer.Sign(body, "2")), CancellationToken.None);

        Assert.Equal(SnsRejectionReason.WrongTopic, result.Reason);
        Assert.Empty(_fetcher.Requests);
    }

    [Fact]
    public async Task VerifyAsync_OlderThanMaximumAge_IsRejected()
    {
        var message = SnsSigner.Parse(_signer.Sign(Notification(), "2"));
        _time.Advance(TimeSpan.FromMinutes(26));

        var result = await CreateVerifier().VerifyAsync(message, CancellationToken.None);

        Assert.Equal(SnsRejectionReason.MessageTooOld, result.Reason);
        Assert.Empty(_fetcher.Requests);
    }

    [Fact]
    public async Task VerifyAsync_DatedInFuture_IsRejected()
    {
        var body = Notification();
        body["Timestamp"] = "2026-11-20T09:30:00.000Z";

        var result = await CreateVerifier().VerifyAsync(SnsSigner.Parse(_signer.Sign(body, "2")), CancellationToken.None);

        Assert.Equal(SnsRejectionReason.MessageTooOld, result.Reason);
    }

    [Theory]
    [InlineData("3", SnsRejectionReason.UnsupportedSignatureVersion)]
    [InlineData("", SnsRejectionReason.UnsupportedSignatureVersion)]
    public async Task VerifyAsync_UnknownSignatureVersion_IsRejected(string version, SnsRejectionReason reason)
    {
        var body = _signer.Sign(Notification(), "2");
        body["SignatureVersion"] = version;

        var result = await CreateVerifier().VerifyAsync(SnsSigner.Parse(body), CancellationToken.None);

        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public async Task VerifyAsync_SignatureNotBase64_IsRejected()
    {
        var body = Notification();
        body["SignatureVersion"] = "1";
        body["Signature"] = "kFuAxHvSYUpdkNT0CEyXO+Mob2D7...";

        var result = await CreateVerifier().VerifyAsync(SnsSigner.Parse(body), CancellationToken.None);

        Assert.Equal(SnsRejectionReason.SignatureNotBase64, result.Reason);
        Assert.Empty(_fetcher.Requests);
    }

    [Fact]
    public async Task VerifyAsync_UnknownType_IsRejected()
    {
        var body = _signer.Sign(Notification(), "2");
        body["Type"] = "Broadcast";

        var result = await CreateVerifier().VerifyAsync(SnsSigner.Parse(body), CancellationToken.None);

        Assert.Equal(SnsRejectionReason.UnknownType, result.Reason);
    }

    [Fact]
    public async Task VerifyAsync_CertificateDownloadFails_IsRejected()
    {
        var body = Notification();
        body["SigningCertURL"] = "https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-missing.pem";

        var result = await CreateVerifier().VerifyAsync(SnsSigner.Parse(_signer.Sign(body, "2")), CancellationToken.None);

        Assert.Equal(SnsRejectionReason.CertificateUnavailable, result.Reason);
        Assert.Single(_fetcher.Requests);
    }

    [Fact]
    public async Task VerifyAsync_ExpiredCertificate_IsRejected()
    {
        using var expired = new SnsSigner(Now.AddDays(-60), Now.AddDays(-1));
        const string url = "https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-expired.pem";
        _fetcher.Serve(url, expired.CertificatePem);
        var body = Notification();
        body["SigningCertURL"] = url;

        var result = await CreateVerifier().VerifyAsync(SnsSigner.Parse(expired.Sign(body, "2")), CancellationToken.None);

        Assert.Equal(SnsRejectionReason.CertificateNotValidAtMessageTime, result.Reason);
    }

    [Fact]
    public async Task VerifyAsync_SecondMessage_UsesCachedCertificate()
    {
        var verifier = CreateVerifier();

        await verifier.VerifyAsync(SnsSigner.Parse(_signer.Sign(Notification(), "2")), CancellationToken.None);
        var second = await verifier.VerifyAsync(SnsSigner.Parse(_signer.Sign(Notification(), "1")), CancellationToken.None);

        Assert.True(second.IsVerified, second.Detail);
        Assert.Single(_fetcher.Requests);
    }

    [Fact]
    public void TryParse_DuplicateField_IsInvalid()
    {
        var body = "{\"Type\":\"Notification\",\"Message\":\"a\",\"message\":\"b\"}"u8;

        Assert.False(SnsMessageParser.TryParse(body, out _, out var error));
        Assert.Contains("more than once", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_LambdaStyleNames_ReadsUrls()
    {
        var body = "{\"Type\":\"Notification\",\"SigningCertUrl\":\"https://sns.us-east-1.amazonaws.com/a.pem\",\"UnsubscribeUrl\":\"https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe\"}"u8;

        Assert.True(SnsMessageParser.TryParse(body, out var message, out _));
        Assert.Equal("https://sns.us-east-1.amazonaws.com/a.pem", message!.SigningCertUrl);
        Assert.Equal(SnsMessageType.Notification, message.Type);
    }

    [Theory]
    [InlineData("Hello")]
    [InlineData("[1,2]")]
    [InlineData("{\"Type\":1}")]
    [InlineData("{\"Type\":\"Notification\"} trailing")]
    public void TryParse_NotAnSnsMessage_IsInvalid(string body)
    {
        Assert.False(SnsMessageParser.TryParse(System.Text.Encoding.UTF8.GetBytes(body), out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void Validate_MissingTopic_NamesSetting()
    {
        var result = new SnsVerificationOptionsValidator().Validate(null, new SnsVerificationOptions());

        Assert.True(result.Failed);
        Assert.Contains("Sns:TopicArn", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ConfiguredTopic_Succeeds()
    {
        Assert.True(new SnsVerificationOptionsValidator().Validate(null, _options).Succeeded);
    }

    [Fact]
    public async Task VerifyAsync_DerCertificate_IsVerified()
    {
        const string url = "https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-der.pem";
        _fetcher.Serve(url, _signer.Certificate.RawData);
        var body = Notification();
        body["SigningCertURL"] = url;

        var result = await CreateVerifier().VerifyAsync(SnsSigner.Parse(_signer.Sign(body, "1")), CancellationToken.None);

        Assert.True(result.IsVerified, result.Detail);
    }

    [Theory]
    [InlineData("https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-1.pem", true)]
    [InlineData("https://SNS.US-EAST-1.AMAZONAWS.COM/SimpleNotificationService-1.pem", true)]
    [InlineData("https://sns.us-east-1.amazonaws.com:443/SimpleNotificationService-1.pem", true)]
    [InlineData("https://sns.amazonaws.com/SimpleNotificationService-1.pem", false)]
    [InlineData("https://sns.us-east-1.amazonaws.com.cn.example/SimpleNotificationService-1.pem", false)]
    [InlineData("https://xsns.us-east-1.amazonaws.com/SimpleNotificationService-1.pem", false)]
    [InlineData("https://127.0.0.1:4566/cert.pem", false)]
    public void IsAllowed_DefaultPolicy_AcceptsOnlyRegionalSnsHosts(string url, bool allowed)
    {
        Assert.Equal(allowed, new SnsUrlPolicy(new SnsVerificationOptions()).IsAllowed(url, out var reason));
        Assert.Equal(allowed, reason is null);
    }
}
