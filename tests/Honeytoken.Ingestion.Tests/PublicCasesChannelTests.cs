using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.Grains.Events;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Ingestion.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Honeytoken.Ingestion.Tests;

/// <summary>
/// Every public sample feeds the channel it belongs to, through the real webhooks and log-file
/// path, and has the outcome its provenance notes give. A decoy key id of a sample is replaced
/// by a honeytoken's key id; a decoy user ARN is routed to a honeytoken.
/// </summary>
[Collection(IngestionCollection.Name)]
public sealed class PublicCasesChannelTests(IngestionHarness harness, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string> RealTimeHeaders = new() { [IngestionHarness.WebhookHeader] = IngestionHarness.WebhookKey };

    [Fact]
    public async Task EveryCase_HasDocumentedOutcome()
    {
        var folder = CasesFolder.Find();
        if (folder is null)
        {
            output.WriteLine("Skipped: the shared cases folder is absent next to the repository root.");
            return;
        }

        var handled = new HashSet<string>(StringComparer.Ordinal);
        string Path(string prefix)
        {
            var name = Directory.GetFiles(folder).Select(System.IO.Path.GetFileName).Single(n => n!.StartsWith(prefix, StringComparison.Ordinal))!;
            handled.Add(name);
            return System.IO.Path.Combine(folder, name);
        }

        // Log-file records with a decoy key: ALERT n.
        await LogCaseAsync(Path("ct-01-"), keyDecoy: "AKIAEXAMPLEPANTHR001", expected: 1, check: e =>
        {
            Assert.Equal("sts:GetCallerIdentity", e[0].Action);
            Assert.Equal("203.0.113.10", e[0].IpAddress);
            Assert.StartsWith("aws-cli/2.15.59", e[0].UserAgent, StringComparison.Ordinal);
            Assert.Equal("4c24450d-007e-4849-9e1b-4954622dbb08", e[0].Data["event_id"]!.GetValue<string>());
        });
        await LogCaseAsync(Path("ct-02-"), keyDecoy: "AKIAEXAMPLEPANTHR001", expected: 1, check: e =>
        {
            Assert.Equal("lambda:ListFunctions20150331", e[0].Action);
            Assert.Equal("AccessDenied", e[0].ErrorCode);
        });
        await LogCaseAsync(Path("ct-03-"), keyDecoy: "ACCESSKEY", expected: 1, check: e => Assert.Equal("203.0.113.56", e[0].IpAddress));
        await LogCaseAsync(Path("ct-05-"), keyDecoy: "AKIA6V1GNZTT65XQH36M", expected: 2, check: e =>
        {
            Assert.Contains(e, x => x.Action == "sts:GetFederationToken");
            Assert.Contains(e, x => x.Action == "sts:GetCallerIdentity" && x.IpAddress == "255.090.254.5");
        });
        await LogCaseAsync(Path("ct-06-"), keyDecoy: "AKIAWOGXN38MFN92ING5", expected: 34, check: e =>
        {
            Assert.Equal(4, e.Count(x => x.Action == "sts:AssumeRole"));
            Assert.Equal(30, e.Count(x => x.Action == "ec2:GetPasswordData"));
        });
        await LogCaseAsync(Path("ct-09-"), keyDecoy: "AKIAQRSTUVWXYZEXAMPLE", expected: 1, check: e => Assert.Equal("192.0.2.101", e[0].IpAddress));
        await LogCaseAsync(Path("ct-15-"), keyDecoy: "AKIAIOSFODNN7EXAMPLE", expected: 3, check: e => Assert.Contains(e, x => x.IpAddress == ""));
        await LogCaseAsync(Path("ct-22-"), keyDecoy: "EXAMPLE_KEY_ID", expected: 1, check: e => Assert.Equal("TrailNotFoundException", e[0].ErrorCode));
        await LogCaseAsync(Path("ct-23-"), keyDecoy: "AKIAIOSFODNN7EXAMPLE", expected: 1, check: e => Assert.Contains(EventTags.SecretScanner, e[0].Tags));
        await LogCaseAsync(Path("ct-24-"), arnDecoy: "arn:aws:iam::123456789012:user/compromised_user", expected: 1, check: e => Assert.Contains(EventTags.AwsQuarantine, e[0].Tags));

        // The same twelve records in three shapes: one user-level decoy, four events, stored once.
        var labUser = await harness.CreateTokenAsync("case-lab-user-1");
        await RouteArnAsync("arn:aws:iam::111122223333:user/lab-user-1", labUser);
        await LogCaseAsync(Path("ct-13-"), token: labUser, expected: 4, check: e => Assert.DoesNotContain(e, x => x.IpAddress is not null && x.IpAddress.Length > 0 && char.IsDigit(x.IpAddress[0])));
        await LogObjectCaseAsync(Path("s3obj-AWSLogs-111122223333-CloudTrail-us-west-2-2022"), labUser, expected: 4);
        await LogCaseAsync(Path("ct-12-"), token: labUser, expected: 4);

        // Log-file records without a decoy: accepted, nothing stored.
        foreach (var prefix in new[] { "ct-04-", "ct-07-", "ct-08-", "ct-10-", "ct-11-", "ct-14-", "ct-16-", "ct-17-", "ct-18-", "ct-19-", "ct-20-", "ct-21-" })
        {
            await LogCaseAsync(Path(prefix), expected: 0);
        }

        // NUL escapes and a 126 KB field still store when the key is a decoy's.
        await LogCaseAsync(System.IO.Path.Combine(folder, "ct-16-athena-huge-querystring-nul-escape-as-reported.json"), keyDecoy: "hoge", expected: 1);
        await LogCaseAsync(System.IO.Path.Combine(folder, "ct-17-athena-huge-querystring-expanded-126k.json"), keyDecoy: "hoge", expected: 1);

        await DigestObjectCaseAsync(Path("s3obj-AWSLogs-123456789123-CloudTrail-Digest"));

        // EventBridge envelopes.
        var eb01 = await RealTimeCaseAsync(Path("eb-01-"), keyDecoy: "AKIAI44QH8DHBEXAMPLE", expected: 1, check: e => Assert.Equal("s3:PutObject", e[0].Action));
        var exampleUser = await harness.CreateTokenAsync("case-example-user");
        await RouteArnAsync("arn:aws:iam::012345678901:user/example-user", exampleUser);
        await RealTimeCaseAsync(Path("eb-02-"), token: exampleUser, expected: 1, check: e => Assert.Equal("s3:PutBucketPolicy", e[0].Action));
        await RealTimeCaseAsync(Path("eb-03-"), token: exampleUser, expected: 2, check: e => Assert.Contains(e, x => x.Action == "s3:DeleteBucketPolicy"));
        await RealTimeCaseAsync(Path("eb-04-"), expected: 0);

        // eb-01's record arriving later in a log file is the same event, with both channels.
        var eb01Record = JsonNode.Parse(await File.ReadAllTextAsync(System.IO.Path.Combine(folder, handled.Single(n => n.StartsWith("eb-01-", StringComparison.Ordinal)))))!["detail"]!.ToJsonString()
            .Replace("AKIAI44QH8DHBEXAMPLE", eb01.AccessKeyId!, StringComparison.Ordinal);
        await PutAndWaitAsync(Encoding.UTF8.GetBytes("{\"Records\":[" + eb01Record + "]}"));
        var eb01Events = await harness.GetEventsAsync(eb01.Id);
        Assert.Single(eb01Events);
        Assert.True(eb01Events[0].Channels.ContainsKey(EventChannels.LogFile));
        Assert.True(eb01Events[0].Channels.ContainsKey(EventChannels.RealTime));

        // SNS deliveries as published: none verifies here (placeholder, truncated or foreign
        // signatures, other topics, 2022 timestamps), so each is rejected and stores nothing.
        foreach (var name in Directory.GetFiles(folder, "sns-*").Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal))
        {
            handled.Add(name!);
            if (name!.EndsWith(".pem", StringComparison.Ordinal))
            {
                continue;
            }

            var text = await File.ReadAllTextAsync(System.IO.Path.Combine(folder, name));
            var body = name.EndsWith(".http", StringComparison.Ordinal) ? text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..] : text;
            var eventsBefore = await harness.CountAsync("SELECT count(*) FROM honeytoken_events");
            var status = await harness.PostAsync("/webhooks/aws/sns", body);
            Assert.True(status is HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{name}: expected a rejection, got {(int)status}");
            Assert.Equal(eventsBefore, await harness.CountAsync("SELECT count(*) FROM honeytoken_events"));
        }

        // Their messages, signed again by the emulator for the configured topic, as if verification passed.
        await ResignedSnsCasesAsync(folder);

        // S3 notification payloads as the Message of a notification: test events and a non-CloudTrail object.
        foreach (var prefix in new[] { "s3-01-", "s3-02-", "s3-03-" })
        {
            var before = await harness.CountAsync("SELECT count(*) FROM log_files");
            harness.PublishSns(await File.ReadAllTextAsync(Path(prefix)));
            await harness.PublishAndWaitForSentinelAsync();
            Assert.Equal(before + 1, await harness.CountAsync("SELECT count(*) FROM log_files"));
        }

        await KeyListCaseAsync(Path("keys-"));

        var unhandled = Directory.GetFiles(folder).Select(System.IO.Path.GetFileName).Where(n => n != "SOURCES.md" && !handled.Contains(n!)).ToList();
        Assert.True(unhandled.Count == 0, "cases without a channel test: " + string.Join(", ", unhandled));
    }

    private async Task<HoneytokenSnapshot> LogCaseAsync(
        string path, string? keyDecoy = null, string? arnDecoy = null, HoneytokenSnapshot? token = null, int expected = 0, Action<IReadOnlyList<StoredEvent>>? check = null)
    {
        var name = System.IO.Path.GetFileName(path);
        token ??= await harness.CreateTokenAsync("case-" + name[..5] + Guid.NewGuid().ToString("N")[..6]);
        if (arnDecoy is not null)
        {
            await RouteArnAsync(arnDecoy, token);
        }

        var text = await File.ReadAllTextAsync(path);
        if (keyDecoy is not null)
        {
            text = text.Replace("\"" + keyDecoy + "\"", "\"" + token.AccessKeyId + "\"", StringComparison.Ordinal);
        }

        var eventsBefore = await harness.CountAsync("SELECT count(*) FROM honeytoken_events");
        await PutAndWaitAsync(Encoding.UTF8.GetBytes(AsLogFile(text)));

        var events = await harness.GetEventsAsync(token.Id);
        Assert.True(events.Count == expected, $"{name}: expected {expected} events, stored {events.Count}");
        if (expected == 0 && keyDecoy is null && arnDecoy is null)
        {
            Assert.True(eventsBefore == await harness.CountAsync("SELECT count(*) FROM honeytoken_events"), $"{name}: events were stored for some token");
        }

        check?.Invoke(events);
        return token;
    }

    private async Task LogObjectCaseAsync(string path, HoneytokenSnapshot token, int expected)
    {
        var content = await File.ReadAllBytesAsync(path);
        Assert.Equal(0x1F, content[0]);
        var key = "AWSLogs/111122223333/CloudTrail/us-west-2/2022/10/27/111122223333_CloudTrail_us-west-2_20221027T0530Z_ExAmPlE0123456789.json.gz";
        harness.PutLogObject(key, content);
        var status = await harness.WaitForLogFileAsync(key, Deadline);
        Assert.Equal(LogFileState.Done, status.State);
        Assert.Equal(12, status.RecordsRead);
        Assert.Equal(expected, (await harness.GetEventsAsync(token.Id)).Count);
    }

    private async Task DigestObjectCaseAsync(string path)
    {
        var key = "AWSLogs/123456789123/CloudTrail-Digest/us-west-2/2020/09/11/123456789123_CloudTrail-Digest_us-west-2_leh-ct-test_us-west-2_20200911T193649Z.json.gz";
        harness.PutLogObject(key, await File.ReadAllBytesAsync(path));
        await harness.PublishAndWaitForSentinelAsync();
        Assert.Equal(0, await harness.CountAsync("SELECT count(*) FROM log_files WHERE object_key = @key", ("key", key)));
    }

    private async Task<HoneytokenSnapshot> RealTimeCaseAsync(
        string path, string? keyDecoy = null, HoneytokenSnapshot? token = null, int expected = 0, Action<IReadOnlyList<StoredEvent>>? check = null)
    {
        var name = System.IO.Path.GetFileName(path);
        token ??= await harness.CreateTokenAsync("case-" + name[..5] + Guid.NewGuid().ToString("N")[..6]);
        var text = await File.ReadAllTextAsync(path);
        if (keyDecoy is not null)
        {
            text = text.Replace("\"" + keyDecoy + "\"", "\"" + token.AccessKeyId + "\"", StringComparison.Ordinal);
        }

        var eventsBefore = await harness.CountAsync("SELECT count(*) FROM honeytoken_events");
        var status = await harness.PostAsync("/webhooks/aws/realtime", text, RealTimeHeaders);
        Assert.True(status == HttpStatusCode.OK, $"{name}: expected 200, got {(int)status}");

        var events = await harness.GetEventsAsync(token.Id);
        Assert.True(events.Count == expected, $"{name}: expected {expected} events, stored {events.Count}");
        if (expected == 0)
        {
            Assert.Equal(eventsBefore, await harness.CountAsync("SELECT count(*) FROM honeytoken_events"));
        }

        check?.Invoke(events);
        return token;
    }

    private async Task ResignedSnsCasesAsync(string folder)
    {
        // sns-07: one object of an organization trail; it exists, so its events are stored.
        var token = await harness.CreateTokenAsync("case-sns-07");
        var sns07 = JsonNode.Parse(await File.ReadAllTextAsync(System.IO.Path.Combine(folder, "sns-07-notification-s3event-cloudtrail-orgtrail-key.json")))!["Message"]!.GetValue<string>();
        var key07 = "AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-west-2/2020/11/01/111122223333_CloudTrail_us-west-2_20201101T2250Z_V84r5ej0Vt9EciUg.json.gz";
        await PutWithoutNotificationAsync(key07, CloudTrailFiles.Gzip([CloudTrailFiles.Record(token.AccessKeyId!, DateTimeOffset.UtcNow)]));
        await PostResignedAsync(sns07);
        const string Sns07Bucket = "s3-to-elasticsearch-cloudtrailbucket651b1cf1-1sxwk9yev080b";
        Assert.Equal(LogFileState.Done, (await harness.WaitForLogFileAsync(key07, Deadline, Sns07Bucket)).State);
        Assert.Single(await harness.GetEventsAsync(token.Id));

        // A replay of the same object does nothing more.
        await PostResignedAsync(sns07);
        Assert.Equal(1, (await harness.Grains.GetGrain<ILogFileGrain>(LogFileKeys.Create(Sns07Bucket, key07)).GetStatusAsync()).Attempts);

        // sns-13: the URL-encoded key is decoded once.
        var sns13 = JsonNode.Parse(await File.ReadAllTextAsync(System.IO.Path.Combine(folder, "sns-13-DERIVED-notification-s3event-urlencoded-cloudtrail-key.json")))!["Message"]!.GetValue<string>();
        var key13 = "audit logs/env=prod+eu/" + key07;
        var token13 = await harness.CreateTokenAsync("case-sns-13");
        await PutWithoutNotificationAsync(key13, CloudTrailFiles.Gzip([CloudTrailFiles.Record(token13.AccessKeyId!, DateTimeOffset.UtcNow)]));
        await PostResignedAsync(sns13);
        await Poll.UntilAsync(() => harness.GetEventsAsync(token13.Id), e => e.Count == 1, Deadline, "the event of the URL-encoded key");

        // sns-08, sns-09, sns-10: CloudTrail's own format. sns-09 and sns-10 name objects that do
        // not exist: quarantined once each instead of retried forever. sns-08 names none.
        var missingBefore = await harness.CountAsync("SELECT count(*) FROM log_files WHERE status = 'quarantined' AND quarantine_reason LIKE '%NoSuchKey%'");
        foreach (var name in new[] { "sns-09-cloudtrail-native-message-single-key-docs.json", "sns-10-cloudtrail-native-message-multi-key-docs.json" })
        {
            await PostResignedAsync(await File.ReadAllTextAsync(System.IO.Path.Combine(folder, name)));
        }

        await Poll.UntilAsync(
            () => harness.CountAsync("SELECT count(*) FROM log_files WHERE status = 'quarantined' AND quarantine_reason LIKE '%NoSuchKey%'"),
            count => count == missingBefore + 4,
            Deadline,
            "the four missing objects of sns-09 and sns-10 to be quarantined");

        foreach (var name in new[] { "sns-08-notification-cloudtrail-native-s3objectkey.json", "sns-11-notification-s3-testevent-real-signature.json", "sns-12-notification-s3-objectremoved-not-cloudtrail.json" })
        {
            var before = await harness.CountAsync("SELECT count(*) FROM log_files");
            var message = JsonNode.Parse(await File.ReadAllTextAsync(System.IO.Path.Combine(folder, name)))!["Message"]!.GetValue<string>();
            await PostResignedAsync(message);
            Assert.True(before == await harness.CountAsync("SELECT count(*) FROM log_files"), $"{name}: a log file was enqueued");
        }
    }

    private async Task KeyListCaseAsync(string path)
    {
        // TEMPLATE lines are documented patterns, not keys, so they have no expected handling.
        var lines = (await File.ReadAllLinesAsync(path))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'))
            .Where(columns => columns[0] != "TEMPLATE")
            .ToList();
        foreach (var columns in lines)
        {
            var (handling, key) = (columns[0], columns[1]);
            var decoded = Uri.UnescapeDataString(key.Replace('+', ' '));
            Task<long> CountRowsAsync() =>
                harness.CountAsync("SELECT count(*) FROM log_files WHERE bucket = @bucket AND object_key = @key", ("bucket", IngestionHarness.LogBucket), ("key", decoded));
            var before = await CountRowsAsync();
            await PostResignedAsync(CloudTrailFiles.S3Notification(IngestionHarness.LogBucket, decoded));

            // The announcement is acknowledged once the object's pending state is stored; its
            // log_files row follows when processing starts.
            var status = await harness.Grains.GetGrain<ILogFileGrain>(LogFileKeys.Create(IngestionHarness.LogBucket, decoded)).GetStatusAsync();
            Assert.True(
                handling == "LOG" ? status.State != LogFileState.Unknown : status.State == LogFileState.Unknown,
                $"{key} ({handling}): the acknowledged object is {status.State}");
            var after = handling == "LOG"
                ? await Poll.UntilAsync(CountRowsAsync, count => count == 1, Deadline, $"the log_files row of {key}")
                : await CountRowsAsync();
            Assert.True(
                handling == "LOG" ? after == 1 : after == before,
                $"{key} ({handling}): log_files has {after} rows for it");
        }
    }

    private async Task RouteArnAsync(string arn, HoneytokenSnapshot token) =>
        await harness.Grains.GetGrain<IAccessKeyRouteGrain>(AccessKeyRoutes.ForPrincipalArn(arn)).SetTokenAsync(token.Id);

    private async Task PostResignedAsync(string message)
    {
        var signed = harness.SignSnsMessage(new Dictionary<string, string>
        {
            ["Type"] = "Notification",
            ["MessageId"] = Guid.NewGuid().ToString(),
            ["TopicArn"] = EmulatorSeed.LocalTopicArn,
            ["Subject"] = "Amazon S3 Notification",
            ["Message"] = message,
            ["Timestamp"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        });
        var status = await harness.PostAsync("/webhooks/aws/sns", JsonSerializer.Serialize(signed));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private async Task PutAndWaitAsync(byte[] json)
    {
        var key = CloudTrailFiles.NewKey("case");
        harness.PutLogObject(key, CloudTrailFiles.Gzip(json));
        var status = await harness.WaitForLogFileAsync(key, Deadline);
        Assert.True(status.State == LogFileState.Done, $"{key}: {status.State} {status.QuarantineReason}");
    }

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

    /// <summary>
    /// Wraps a sample as a delivered file: <c>{"Records":[…]}</c> as it is, and a single
    /// record, an array, NDJSON lines or CloudWatch Logs lines (<c>group stream json</c>) as
    /// the records of one file.
    /// </summary>
    private static string AsLogFile(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('[') || (trimmed.StartsWith('{') && (trimmed.Contains("\"Records\"", StringComparison.Ordinal) || trimmed.Contains("\"digestSignatureAlgorithm\"", StringComparison.Ordinal))))
        {
            return trimmed.StartsWith('[') ? "{\"Records\":" + trimmed + "}" : trimmed;
        }

        var lines = trimmed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length > 1 && lines.All(l => l.Contains('{')))
        {
            return "{\"Records\":[" + string.Join(",", lines.Select(l => l[l.IndexOf('{')..])) + "]}";
        }

        return "{\"Records\":[" + trimmed + "]}";
    }
}
