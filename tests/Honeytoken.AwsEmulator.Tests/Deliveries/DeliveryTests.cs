using System.IO.Compression;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.Tests.Infrastructure;

namespace Honeytoken.AwsEmulator.Tests.Deliveries;

/// <summary>CloudTrail records delivered as EventBridge events and as log files announced through SNS.</summary>
public sealed class DeliveryTests : IAsyncLifetime
{
    private const string WebhookKey = "test-webhook-key";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private AwsEmulatorHost aws = null!;
    private WebhookReceiver receiver = null!;

    public async Task InitializeAsync()
    {
        aws = await Emulator.StartAsync();
        receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await aws.DisposeAsync();
        await receiver.DisposeAsync();
    }

    [Fact]
    public async Task CallWithCreatedKey_ArrivesInRealTimeAndInLogFile()
    {
        await SubscribeAsync("1");
        var testEvent = await receiver.WaitForAsync(r => IsNotification(r) && Message(r).Contains("s3:TestEvent", StringComparison.Ordinal), Timeout, "s3:TestEvent");
        var key = await CreateKeyWithCliAsync("ci-runner");

        var call = await ExternalClients.AwsAsync(aws.BaseUri, key, "sts", "get-caller-identity");
        Assert.True(call.ExitCode == 0, call.ToString());

        var realTime = await receiver.WaitForAsync(r => r.Path == "/webhooks/aws/realtime" && CallerKey(r) == key.AccessKeyId, Timeout, "EventBridge event of the created key");
        var envelope = JsonNode.Parse(realTime.Body)!.AsObject();
        var detail = envelope["detail"]!;
        Assert.Equal(WebhookKey, realTime.Headers["X-Honeytoken-Webhook-Key"]);
        Assert.Equal("AWS API Call via CloudTrail", envelope["detail-type"]!.GetValue<string>());
        Assert.Equal("aws.sts", envelope["source"]!.GetValue<string>());
        Assert.Equal("GetCallerIdentity", detail["eventName"]!.GetValue<string>());
        Assert.StartsWith("aws-cli/2.", detail["userAgent"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("127.0.0.1", detail["sourceIPAddress"]!.GetValue<string>());
        Assert.Equal("IAMUser", detail["userIdentity"]!["type"]!.GetValue<string>());
        Assert.Equal("ci-runner", detail["userIdentity"]!["userName"]!.GetValue<string>());

        var written = await aws.Control.FlushLogFilesAsync();
        var logKey = written.Single(k => k.Contains("/CloudTrail/us-east-1/", StringComparison.Ordinal));
        var notification = await receiver.WaitForAsync(r => IsNotification(r) && Message(r).Contains(logKey, StringComparison.Ordinal), Timeout, "SNS notification of the log file");
        var snsMessage = JsonNode.Parse(notification.Body)!.AsObject();
        Assert.True(await SnsSignature.VerifyAsync(snsMessage), "SNS notification signature does not verify with the published certificate");
        Assert.True(await SnsSignature.VerifyAsync(JsonNode.Parse(testEvent.Body)!.AsObject()), "s3:TestEvent signature does not verify");
        var s3Event = JsonNode.Parse(snsMessage["Message"]!.GetValue<string>())!["Records"]![0]!;
        Assert.Equal("ObjectCreated:Put", s3Event["eventName"]!.GetValue<string>());
        Assert.Equal("honeytoken-trail-logs", s3Event["s3"]!["bucket"]!["name"]!.GetValue<string>());

        var records = await ReadLogFileAsync(WebUtility.UrlDecode(s3Event["s3"]!["object"]!["key"]!.GetValue<string>()));
        Assert.Contains(records, r => r["eventID"]!.GetValue<string>() == detail["eventID"]!.GetValue<string>());
    }

    [Fact]
    public async Task LogFiles_UseCloudTrailKeyLayoutWithDigest()
    {
        await ExternalClients.AwsAsync(aws.BaseUri, aws.Admin(), "iam", "list-users");

        var written = await aws.Control.FlushLogFilesAsync();

        Assert.Equal(2, written.Count);
        Assert.Matches(@"^AWSLogs/o-honeytoken1/123456789012/CloudTrail/us-east-1/\d{4}/\d{2}/\d{2}/123456789012_CloudTrail_us-east-1_\d{8}T\d{4}Z_[A-Za-z0-9]{16}\.json\.gz$", written[0]);
        Assert.Matches(@"^AWSLogs/o-honeytoken1/123456789012/CloudTrail-Digest/us-east-1/\d{4}/\d{2}/\d{2}/123456789012_CloudTrail-Digest_us-east-1_honeytoken-trail_us-west-2_\d{8}T\d{6}Z\.json\.gz$", written[1]);
        var record = Assert.Single(await ReadLogFileAsync(written[0]));
        foreach (var field in new[] { "eventVersion", "userIdentity", "eventTime", "eventSource", "eventName", "awsRegion", "sourceIPAddress", "userAgent", "requestParameters", "responseElements", "requestID", "eventID", "readOnly", "eventType", "managementEvent", "recipientAccountId", "eventCategory", "tlsDetails" })
        {
            Assert.True(record.ContainsKey(field), $"record lacks {field}");
        }

        var digest = (await ReadObjectAsync(written[1])).AsObject();
        Assert.Equal(written[0], digest["logFiles"]![0]!["s3Object"]!.GetValue<string>());
        Assert.Null(digest["previousDigestS3Object"]);

        await ExternalClients.AwsAsync(aws.BaseUri, aws.Admin(), "iam", "list-users");
        var next = (await aws.Control.FlushLogFilesAsync()).Single(k => k.Contains("/CloudTrail-Digest/us-east-1/", StringComparison.Ordinal));
        var nextDigest = await ReadObjectAsync(next);
        Assert.Equal(written[1], nextDigest["previousDigestS3Object"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await ReadObjectBytesAsync(written[1]))), nextDigest["previousDigestHashValue"]!.GetValue<string>());
    }

    [Fact]
    public async Task SignatureVersion2_VerifiesWithSha256()
    {
        await aws.Control.SetDeliveriesAsync(new DeliveryTargets { SnsEndpointUrl = receiver.SnsUrl.ToString(), SnsSignatureVersion = "2" });

        var confirmation = await receiver.WaitForAsync(r => r.Headers.GetValueOrDefault("x-amz-sns-message-type") == "SubscriptionConfirmation", Timeout, "SubscriptionConfirmation");

        var message = JsonNode.Parse(confirmation.Body)!.AsObject();
        Assert.Equal("2", message["SignatureVersion"]!.GetValue<string>());
        Assert.True(await SnsSignature.VerifyAsync(message));
        message["Token"] = "forged";
        Assert.False(await SnsSignature.VerifyAsync(message));
    }

    [Fact]
    public async Task UnconfirmedSubscription_ReceivesNoNotification()
    {
        await aws.Control.SetDeliveriesAsync(new DeliveryTargets { SnsEndpointUrl = receiver.SnsUrl.ToString() });
        var confirmation = await receiver.WaitForAsync(r => r.Headers.GetValueOrDefault("x-amz-sns-message-type") == "SubscriptionConfirmation", Timeout, "SubscriptionConfirmation");
        await ExternalClients.AwsAsync(aws.BaseUri, aws.Admin(), "sts", "get-caller-identity");
        var unannounced = await aws.Control.FlushLogFilesAsync();

        using var http = new HttpClient();
        var subscribeUrl = JsonNode.Parse(confirmation.Body)!["SubscribeURL"]!.GetValue<string>();
        (await http.GetAsync(subscribeUrl)).EnsureSuccessStatusCode();
        var first = await receiver.WaitForAsync(IsNotification, Timeout, "first notification after confirmation");

        Assert.Contains("s3:TestEvent", Message(first), StringComparison.Ordinal);
        Assert.DoesNotContain(receiver.All(), r => unannounced.Any(k => r.Body.Contains(k, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task PendingSubscription_GetsConfirmationAgainOnNextMessage()
    {
        await aws.Control.SetDeliveriesAsync(new DeliveryTargets { SnsEndpointUrl = receiver.SnsUrl.ToString() });
        var first = await receiver.WaitForAsync(r => r.Headers.GetValueOrDefault("x-amz-sns-message-type") == "SubscriptionConfirmation", Timeout, "first SubscriptionConfirmation");
        await ExternalClients.AwsAsync(aws.BaseUri, aws.Admin(), "sts", "get-caller-identity");

        await aws.Control.FlushLogFilesAsync();
        var again = await receiver.WaitForAsync(r => r.Headers.GetValueOrDefault("x-amz-sns-message-type") == "SubscriptionConfirmation", Timeout, "repeated SubscriptionConfirmation");

        Assert.Equal(Json(first)["Token"]!.GetValue<string>(), Json(again)["Token"]!.GetValue<string>());
        Assert.True(await SnsSignature.VerifyAsync(Json(again)));
    }

    [Fact]
    public async Task UnloggedAction_WritesNoRecordButUpdatesLastUsed()
    {
        await aws.Control.ApplySeedAsync(new EmulatorSeed
        {
            Trail = new SeedTrail { BucketName = "honeytoken-trail-logs", HomeRegion = "us-west-2", UnloggedActions = ["iam:GetAccountSummary"] },
        });
        var honeytoken = await aws.AddHoneytokenUserAsync("quiet-user");

        var denied = await ExternalClients.AwsAsync(aws.BaseUri, honeytoken, "iam", "get-account-summary");
        var lastUsed = await ExternalClients.AwsAsync(aws.BaseUri, aws.Admin(), "iam", "get-access-key-last-used", "--access-key-id", honeytoken.AccessKeyId);

        Assert.Contains("AccessDenied", denied.StandardError, StringComparison.Ordinal);
        Assert.Empty(await aws.RecordsOfAsync("GetAccountSummary"));
        Assert.True(lastUsed.ExitCode == 0, lastUsed.ToString());
        var used = JsonNode.Parse(lastUsed.StandardOutput)!["AccessKeyLastUsed"]!;
        Assert.Equal("iam", used["ServiceName"]!.GetValue<string>());
        Assert.Equal("us-east-1", used["Region"]!.GetValue<string>());
        Assert.NotNull(used["LastUsedDate"]);
    }

    private async Task SubscribeAsync(string signatureVersion)
    {
        await aws.Control.SetDeliveriesAsync(new DeliveryTargets
        {
            RealTimeUrl = receiver.RealTimeUrl.ToString(),
            RealTimeApiKey = WebhookKey,
            SnsEndpointUrl = receiver.SnsUrl.ToString(),
            SnsSignatureVersion = signatureVersion,
        });
        var confirmation = await receiver.WaitForAsync(r => r.Headers.GetValueOrDefault("x-amz-sns-message-type") == "SubscriptionConfirmation", Timeout, "SubscriptionConfirmation");
        var message = JsonNode.Parse(confirmation.Body)!.AsObject();
        Assert.True(await SnsSignature.VerifyAsync(message), "SubscriptionConfirmation signature does not verify");
        using var http = new HttpClient();
        (await http.GetAsync(message["SubscribeURL"]!.GetValue<string>())).EnsureSuccessStatusCode();
    }

    private async Task<AccessKeyPair> CreateKeyWithCliAsync(string userName)
    {
        await ExternalClients.AwsAsync(aws.BaseUri, aws.Admin(), "iam", "create-user", "--user-name", userName);
        var created = await ExternalClients.AwsAsync(aws.BaseUri, aws.Admin(), "iam", "create-access-key", "--user-name", userName);
        Assert.True(created.ExitCode == 0, created.ToString());
        var key = JsonNode.Parse(created.StandardOutput)!["AccessKey"]!;
        return new AccessKeyPair(key["AccessKeyId"]!.GetValue<string>(), key["SecretAccessKey"]!.GetValue<string>());
    }

    private async Task<List<JsonObject>> ReadLogFileAsync(string key) =>
        (await ReadObjectAsync(key))["Records"]!.AsArray().Select(r => r!.AsObject()).ToList();

    private async Task<JsonNode> ReadObjectAsync(string key) => JsonNode.Parse(await ReadObjectBytesAsync(key))!;

    private async Task<byte[]> ReadObjectBytesAsync(string key)
    {
        using var s3 = new AmazonS3Client(new BasicAWSCredentials(aws.AccessKeyId, aws.SecretAccessKey),
            new AmazonS3Config { ServiceURL = aws.BaseUri.ToString(), AuthenticationRegion = "us-west-2", ForcePathStyle = true });
        using var response = await s3.GetObjectAsync("honeytoken-trail-logs", key);
        await using var gzip = new GZipStream(response.ResponseStream, CompressionMode.Decompress);
        using var content = new MemoryStream();
        await gzip.CopyToAsync(content);
        return content.ToArray();
    }

    private static JsonObject Json(ReceivedRequest request) => JsonNode.Parse(request.Body)!.AsObject();

    private static bool IsNotification(ReceivedRequest request) =>
        request.Headers.GetValueOrDefault("x-amz-sns-message-type") == "Notification";

    private static string? CallerKey(ReceivedRequest request) =>
        JsonNode.Parse(request.Body)!["detail"]!["userIdentity"]!["accessKeyId"]!.GetValue<string>();

    private static string Message(ReceivedRequest request) =>
        JsonNode.Parse(request.Body)!["Message"]!.GetValue<string>();
}
