using System.Text;
using System.Text.Json;
using Honeytoken.Grains.Events;
using Honeytoken.Grains.Events.Channels.LogFiles;
using Honeytoken.Grains.Events.Channels.RealTime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Honeytoken.Events.Tests;

/// <summary>
/// Feeds each public AWS sample beside the repository through the parser of its channel and
/// checks the outcome documented for it in the folder's SOURCES.md. The samples come in the
/// framing their publisher used (one record, a JSON array, NDJSON, awslogs lines); those are
/// wrapped into a <c>{"Records":[…]}</c> file so that they go through the log-file reader.
/// </summary>
public sealed class PublicCasesTests
{
    private const string SigningCertificate = "sns-signing-cert-SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem";

    private static readonly string[] HandledFiles =
    [
        "ct-01-iamuser-akia-getcalleridentity-awscli.json",
        "ct-02-iamuser-akia-accessdenied-lambda-listfunctions.json",
        "ct-03-iamuser-getcalleridentity-nonstandard-keyid.log",
        "ct-04-stolen-ec2-role-creds-getcalleridentity-describeinstances.json",
        "ct-05-iamuser-getfederationtoken-then-federateduser-getcalleridentity.json",
        "ct-06-iamuser-assumerole-then-assumedrole-unauthorized-burst-34-events.json",
        "ct-07-consolelogin-success-no-mfa-odd-ip.json",
        "ct-08-awsservice-ec2-assumerole.log",
        "ct-09-cross-account-assumerole-iamuser-and-awsaccount-docs.json",
        "ct-10-consolelogin-failure-hidden-username-docs.json",
        "ct-11-consolelogin-success-failure-assumedrole.ndjson",
        "ct-12-cloudwatchlogs-lines-aws-internal-vpce-awsservice.txt",
        "ct-13-records-file-from-ct12.json",
        "ct-14-networkactivity-vpce-listbuckets-assumedrole.json",
        "ct-15-s3-listbuckets-iamuser-empty-sourceip-docs-records.json",
        "ct-16-athena-huge-querystring-nul-escape-as-reported.json",
        "ct-17-athena-huge-querystring-expanded-126k.json",
        "ct-18-digest-file-docs.json",
        "ct-19-digest-file-empty-hour-docs.json",
        "ct-20-digest-file-elastic.json",
        "ct-21-insights-events-records-docs.json",
        "ct-22-error-trailnotfound-records-docs.json",
        "ct-23-trufflehog-getcalleridentity-minimal-panther.json",
        "ct-24-aws-quarantine-policy-on-leaked-key-panther.json",
        "eb-01-api-call-s3-putobject-iamuser-docs.json",
        "eb-02-api-call-s3-putbucketpolicy-iamuser-console-asia-vpce.json",
        "eb-03-api-call-s3-deletebucketpolicy-iamuser-console-asia-vpce.json",
        "eb-04-aws-service-event-via-cloudtrail-organizations.json",
        "keys-cloudtrail-s3-object-keys.tsv",
        "s3-01-testevent-docs.json",
        "s3-02-objectcreated-put-docs.json",
        "s3-03-testevent-cloudtrail-bucket-sekoia.json",
        "s3obj-AWSLogs-111122223333-CloudTrail-us-west-2-2022-10-27-111122223333_CloudTrail_us-west-2_20221027T0530Z_ExAmPlE0123456789.json.gz",
        "s3obj-AWSLogs-123456789123-CloudTrail-Digest-us-west-2-2020-09-11-123456789123_CloudTrail-Digest_us-west-2_leh-ct-test_us-west-2_20200911T193649Z.json.gz",
        "sns-01-subscriptionconfirmation-docs.body.json",
        "sns-01-subscriptionconfirmation-docs.http",
        "sns-02-notification-sigv1-docs.body.json",
        "sns-02-notification-sigv1-docs.http",
        "sns-03-unsubscribeconfirmation-docs.body.json",
        "sns-03-unsubscribeconfirmation-docs.http",
        "sns-04-notification-sigv1-verifiable-aws-sdk-ruby.json",
        "sns-05-notification-sigv2-verifiable-aws-sdk-ruby.json",
        "sns-06-notification-lambda-style-casing-aws-sdk-ruby.json",
        "sns-07-notification-s3event-cloudtrail-orgtrail-key.json",
        "sns-08-notification-cloudtrail-native-s3objectkey.json",
        "sns-09-cloudtrail-native-message-single-key-docs.json",
        "sns-10-cloudtrail-native-message-multi-key-docs.json",
        "sns-11-notification-s3-testevent-real-signature.json",
        "sns-12-notification-s3-objectremoved-not-cloudtrail.json",
        "sns-13-DERIVED-notification-s3event-urlencoded-cloudtrail-key.json",
        SigningCertificate,
    ];

    /// <summary>The access keys that the samples' expectations register as decoys by default.</summary>
    private static readonly string[] DefaultDecoyKeys =
    [
        "AKIAEXAMPLEPANTHR001",
        "ACCESSKEY",
        "AKIA6V1GNZTT65XQH36M",
        "AKIAWOGXN38MFN92ING5",
        "AKIAQRSTUVWXYZEXAMPLE",
        "EXAMPLE_KEY_ID",
        "AKIAI44QH8DHBEXAMPLE",
    ];

    public enum Framing
    {
        RecordsFile,
        SingleRecord,
        JsonArray,
        NdJson,
        AwsLogsLines,
    }

    [PublicCasesFact]
    public void Folder_EveryFile_IsHandledHere()
    {
        var present = Directory.GetFiles(PublicCasesFolder.Path!)
            .Select(Path.GetFileName)
            .Where(name => name != "SOURCES.md")
            .Order(StringComparer.Ordinal);

        Assert.Equal(HandledFiles.Order(StringComparer.Ordinal), present);
    }

    [PublicCasesFact]
    public async Task Ct01_AkiaGetCallerIdentity_AlertsWithCliAgent()
    {
        var events = await HoneytokenEventsAsync("ct-01-iamuser-akia-getcalleridentity-awscli.json", Framing.SingleRecord, Keys("AKIAEXAMPLEPANTHR001"));

        var triaged = Assert.Single(events);
        var record = triaged.Record;
        Assert.Equal("AKIAEXAMPLEPANTHR001", record.UserIdentity?.AccessKeyId);
        Assert.Equal("exposed.user", record.UserIdentity?.UserName);
        Assert.Equal("111122223333", record.UserIdentity?.AccountId);
        Assert.Equal("sts.amazonaws.com", record.EventSource);
        Assert.Equal("GetCallerIdentity", record.EventName);
        Assert.Null(record.ErrorCode);
        Assert.Equal(new DateTimeOffset(2024, 6, 2, 20, 16, 22, TimeSpan.Zero), record.EventTime);
        Assert.Equal("us-east-1", record.AwsRegion);
        Assert.Equal("203.0.113.10", record.SourceIpAddress);
        Assert.StartsWith("aws-cli/2.15.59", record.UserAgent, StringComparison.Ordinal);
        Assert.Equal("4c24450d-007e-4849-9e1b-4954622dbb08", record.EventId);
        Assert.Contains("tool:aws-cli", triaged.Tags);
    }

    [PublicCasesFact]
    public async Task Ct02_AccessDenied_StillAlerts()
    {
        var events = await HoneytokenEventsAsync("ct-02-iamuser-akia-accessdenied-lambda-listfunctions.json", Framing.SingleRecord, Keys("AKIAEXAMPLEPANTHR001"));

        var record = Assert.Single(events).Record;
        Assert.Equal("lambda.amazonaws.com", record.EventSource);
        Assert.Equal("ListFunctions20150331", record.EventName);
        Assert.Equal("AccessDenied", record.ErrorCode);
        Assert.Equal("203.0.113.10", record.SourceIpAddress);
        Assert.Equal("2024-06-02T20:16:32Z", record.EventTimeText);
    }

    [PublicCasesFact]
    public async Task Ct03_NonStandardKeyId_MatchesOnlyWhenRegistered()
    {
        const string file = "ct-03-iamuser-getcalleridentity-nonstandard-keyid.log";

        var registered = await HoneytokenEventsAsync(file, Framing.SingleRecord, Keys("ACCESSKEY"));
        var unregistered = await HoneytokenEventsAsync(file, Framing.SingleRecord, Keys("AKIAEXAMPLEPANTHR001"));

        var record = Assert.Single(registered).Record;
        Assert.Equal("00000000000", record.UserIdentity?.AccountId);
        Assert.Equal("2024-11-02T00:20:40Z", record.EventTimeText);
        Assert.Equal("203.0.113.56", record.SourceIpAddress);
        Assert.Empty(unregistered);
    }

    [PublicCasesFact]
    public async Task Ct04_StolenRoleCredentials_MatchOnlyThroughIssuerRole()
    {
        const string file = "ct-04-stolen-ec2-role-creds-getcalleridentity-describeinstances.json";
        var role = new HoneytokenIdentity(Guid.NewGuid(), [], ["arn:aws:iam::111122223333:role/stratus-red-team-ec2-steal-credentials-role"], []);

        var byDefault = await HoneytokenEventsAsync(file, Framing.JsonArray, DefaultRegistry());
        var byRole = await HoneytokenEventsAsync(file, Framing.JsonArray, [role]);

        Assert.Empty(byDefault);
        Assert.Equal(["GetCallerIdentity", "DescribeInstances"], byRole.Select(triaged => triaged.Record.EventName));
        Assert.All(byRole, triaged => Assert.Equal(AttributionMatch.SessionIssuerArn, triaged.Attribution.Match));
        Assert.All(byRole, triaged => Assert.Equal("203.0.113.47", triaged.Record.SourceIpAddress));
        Assert.Equal("us-north-2r", byRole[0].Record.AwsRegion);
    }

    [PublicCasesFact]
    public async Task Ct05_FederationToken_AttributesBothCalls()
    {
        const string file = "ct-05-iamuser-getfederationtoken-then-federateduser-getcalleridentity.json";
        var index = new HoneytokenIdentityIndex(Keys("AKIA6V1GNZTT65XQH36M"));

        var events = Triage(await ReadAsync(file, Framing.JsonArray), index).Where(IsHoneytokenEvent).ToList();

        Assert.Equal(2, events.Count);
        Assert.Equal("GetFederationToken", events[0].Record.EventName);
        Assert.Equal("2024-11-30T08:43:17Z", events[0].Record.EventTimeText);
        Assert.Equal("ASIASTJKC5GCM7ZE6LUP", events[0].Attribution.DerivedAccessKeyId);
        Assert.Equal("GetCallerIdentity", events[1].Record.EventName);
        Assert.Equal(AttributionMatch.DerivedAccessKey, events[1].Attribution.Match);
        Assert.Equal("255.090.254.5", events[1].Record.SourceIpAddress);
        Assert.Equal("ap-isob-east-1r", events[1].Record.AwsRegion);
    }

    [PublicCasesFact]
    public async Task Ct05_FederatedCallAlone_MatchesIssuerUser()
    {
        const string file = "ct-05-iamuser-getfederationtoken-then-federateduser-getcalleridentity.json";
        var user = new HoneytokenIdentity(Guid.NewGuid(), ["AKIA6V1GNZTT65XQH36M"], ["arn:aws:iam::111122223333:user/stratus-red-team-user-federation-user"], []);
        var federatedCall = (await ReadAsync(file, Framing.JsonArray))[1];

        var triaged = new CloudTrailRecordTriage(new HoneytokenIdentityIndex([user])).Triage(federatedCall);

        Assert.Equal(RecordDisposition.HoneytokenEvent, triaged.Disposition);
        Assert.Equal(AttributionMatch.SessionIssuerArn, triaged.Attribution.Match);
    }

    [PublicCasesFact]
    public async Task Ct06_AssumeRoleBurst_AttributesDirectCallsThenChain()
    {
        const string file = "ct-06-iamuser-assumerole-then-assumedrole-unauthorized-burst-34-events.json";
        var records = await ReadAsync(file, Framing.JsonArray);
        var index = new HoneytokenIdentityIndex(Keys("AKIAWOGXN38MFN92ING5"));

        // The file is newest first, so the minting calls come after the calls that use their keys.
        var firstPass = Triage(records, index).Where(IsHoneytokenEvent).ToList();
        var secondPass = Triage(records, index).Where(IsHoneytokenEvent).ToList();

        Assert.Equal(34, records.Count);
        Assert.Equal(4, firstPass.Count);
        Assert.All(firstPass, triaged => Assert.Equal("AssumeRole", triaged.Record.EventName));
        Assert.Equal(
            ["2024-07-30T21:31:10Z", "2024-07-30T21:31:12Z", "2024-07-30T21:31:15Z", "2024-07-30T21:31:15Z"],
            firstPass.Select(triaged => triaged.Record.EventTimeText).Order(StringComparer.Ordinal));
        Assert.Equal(2, firstPass.Count(triaged => triaged.Record.ErrorCode == "AccessDenied"));
        Assert.All(firstPass, triaged => Assert.Equal("203.0.113.51", triaged.Record.SourceIpAddress));
        Assert.All(firstPass, triaged => Assert.StartsWith("stratus-red-team_5c59eb79-", triaged.Record.UserAgent, StringComparison.Ordinal));
        Assert.Equal(2, index.DerivedAccessKeyCount);
        Assert.Equal(34, secondPass.Count);
        Assert.Equal(30, secondPass.Count(triaged => triaged.Record.UserIdentity?.AccessKeyId == "ASIANQQHHS551LWULIWD"));
        Assert.Equal(34, secondPass.Select(triaged => triaged.DeduplicationKey).Distinct().Count());
    }

    [PublicCasesFact]
    public async Task Ct07_ConsoleLogin_IsIgnored()
    {
        var records = await ReadAsync("ct-07-consolelogin-success-no-mfa-odd-ip.json", Framing.JsonArray);

        var triaged = Assert.Single(Triage(records, new HoneytokenIdentityIndex(DefaultRegistry())));
        Assert.Equal(CloudTrailRecordKind.ConsoleSignIn, triaged.Kind);
        Assert.Equal(RecordDisposition.NotKeyUse, triaged.Disposition);
        Assert.Equal("225.01.00.16", triaged.Record.SourceIpAddress);
    }

    [PublicCasesFact]
    public async Task Ct08_AwsServiceIdentity_IsNotOwned()
    {
        var records = await ReadAsync("ct-08-awsservice-ec2-assumerole.log", Framing.SingleRecord);

        var triaged = Assert.Single(Triage(records, new HoneytokenIdentityIndex(DefaultRegistry())));
        Assert.Equal(RecordDisposition.NotOwned, triaged.Disposition);
        Assert.Equal("AWSService", triaged.Record.UserIdentity?.Type);
        Assert.Null(triaged.Record.UserIdentity?.AccessKeyId);
        Assert.Equal("ec2.amazonaws.com", triaged.Record.SourceIpAddress);
        Assert.True(EventTagger.IsAwsInternal(triaged.Record));
    }

    [PublicCasesFact]
    public async Task Ct09_CrossAccountAssumeRole_AlertsOnce()
    {
        var records = await ReadAsync("ct-09-cross-account-assumerole-iamuser-and-awsaccount-docs.json", Framing.JsonArray);

        var events = Triage(records, new HoneytokenIdentityIndex(Keys("AKIAQRSTUVWXYZEXAMPLE"))).Where(IsHoneytokenEvent).ToList();

        Assert.Equal(2, records.Count);
        var record = Assert.Single(events).Record;
        Assert.Equal("AssumeRole", record.EventName);
        Assert.Equal("192.0.2.101", record.SourceIpAddress);
        Assert.Equal("2014-07-18T15:07:39Z", record.EventTimeText);
        Assert.Contains("arn:aws:iam::111122223333:role/EC2-dev", record.RequestParameters?.Text, StringComparison.Ordinal);

        // The role owner's copy names the same request, so storing it too would deduplicate.
        Assert.Equal(EventDeduplicationKey.Create(records[0]), EventDeduplicationKey.Create(records[1]));
    }

    [PublicCasesFact]
    public async Task Ct10_EmptyAccessKeyId_NeverMatches()
    {
        var registry = DefaultRegistry().Append(new HoneytokenIdentity(Guid.NewGuid(), ["", "  "], [""], [""])).ToArray();
        var records = await ReadAsync("ct-10-consolelogin-failure-hidden-username-docs.json", Framing.SingleRecord);

        var triaged = Assert.Single(Triage(records, new HoneytokenIdentityIndex(registry)));

        Assert.Equal(CloudTrailRecordKind.ConsoleSignIn, triaged.Kind);
        Assert.Equal(RecordDisposition.NotKeyUse, triaged.Disposition);
        Assert.Equal(string.Empty, triaged.Record.UserIdentity?.AccessKeyId);
    }

    [PublicCasesFact]
    public async Task Ct11_ConsoleLogins_IgnoredUnlessCarryingDecoyKey()
    {
        const string file = "ct-11-consolelogin-success-failure-assumedrole.ndjson";
        var records = await ReadAsync(file, Framing.NdJson);

        var byDefault = Triage(records, new HoneytokenIdentityIndex(DefaultRegistry())).Where(IsHoneytokenEvent);
        var withKey = Triage(records, new HoneytokenIdentityIndex(Keys("AKIAIOSFODNN7EXAMPLE"))).Where(IsHoneytokenEvent).ToList();

        Assert.Equal(3, records.Count);
        Assert.Empty(byDefault);
        var triaged = Assert.Single(withKey);
        Assert.Same(records[2], triaged.Record);
        Assert.Equal(CloudTrailRecordKind.ConsoleSignIn, triaged.Kind);
    }

    [PublicCasesTheory]
    [InlineData("ct-12-cloudwatchlogs-lines-aws-internal-vpce-awsservice.txt", Framing.AwsLogsLines)]
    [InlineData("ct-13-records-file-from-ct12.json", Framing.RecordsFile)]
    [InlineData("s3obj-AWSLogs-111122223333-CloudTrail-us-west-2-2022-10-27-111122223333_CloudTrail_us-west-2_20221027T0530Z_ExAmPlE0123456789.json.gz", Framing.RecordsFile)]
    public async Task Ct12_TrainingAccountRecords_AlertOnlyForUserDecoy(string file, Framing framing)
    {
        var records = await ReadAsync(file, framing);
        var labUser = new HoneytokenIdentity(Guid.NewGuid(), [], ["arn:aws:iam::111122223333:user/lab-user-1"], []);

        var byDefault = Triage(records, new HoneytokenIdentityIndex(DefaultRegistry())).Where(IsHoneytokenEvent);
        var byUser = Triage(records, new HoneytokenIdentityIndex([labUser])).Where(IsHoneytokenEvent).ToList();

        Assert.Equal(12, records.Count);
        Assert.Empty(byDefault);
        Assert.Equal(
            ["cloudformation:DescribeStackEvents@05:29:07", "cloudformation:DescribeStacks@05:28:28", "cloudformation:DescribeStacks@05:29:07", "ec2:CreateTags@05:28:24"],
            byUser.Select(Describe).Order(StringComparer.Ordinal));
        Assert.All(byUser, triaged => Assert.Contains(EventTags.AwsInternal, triaged.Tags));
    }

    [PublicCasesFact]
    public async Task Ct14_NetworkActivity_IsIgnored()
    {
        var records = await ReadAsync("ct-14-networkactivity-vpce-listbuckets-assumedrole.json", Framing.SingleRecord);
        var registry = new HoneytokenIdentity(Guid.NewGuid(), ["ASIAREDACTEDREDACTED"], [], []);

        var triaged = Assert.Single(Triage(records, new HoneytokenIdentityIndex([registry])));

        Assert.Equal(CloudTrailRecordKind.NetworkActivity, triaged.Kind);
        Assert.Equal(RecordDisposition.NotKeyUse, triaged.Disposition);
    }

    [PublicCasesFact]
    public async Task Ct15_EmptySourceAddress_AlertsThreeTimes()
    {
        var events = await HoneytokenEventsAsync("ct-15-s3-listbuckets-iamuser-empty-sourceip-docs-records.json", Framing.RecordsFile, Keys("AKIAIOSFODNN7EXAMPLE"));

        Assert.Equal(["ListBuckets", "PutBucketAcl", "GetBucketVersioning"], events.Select(triaged => triaged.Record.EventName));
        Assert.Equal(["127.0.0.1", "", ""], events.Select(triaged => triaged.Record.SourceIpAddress));
        Assert.All(events, triaged => Assert.DoesNotContain(triaged.Tags, tag => tag.StartsWith(EventTags.ToolPrefix, StringComparison.Ordinal)));
    }

    [PublicCasesTheory]
    [InlineData("ct-16-athena-huge-querystring-nul-escape-as-reported.json")]
    [InlineData("ct-17-athena-huge-querystring-expanded-126k.json")]
    public async Task Ct16_NulEscapeInQuery_ParsesAndStores(string file)
    {
        var records = await ReadAsync(file, Framing.SingleRecord);
        var record = Assert.Single(records);

        var byDefault = Triage(records, new HoneytokenIdentityIndex(DefaultRegistry())).Where(IsHoneytokenEvent);
        var asDecoy = Triage(records, new HoneytokenIdentityIndex(Keys("hoge"))).Where(IsHoneytokenEvent);
        var stored = PostgresStorageForm.ToJsonb(record.RequestParameters!);

        Assert.Empty(byDefault);
        Assert.Single(asDecoy);
        Assert.Equal("aws-id", record.UserIdentity?.AccountId);
        Assert.Contains("\\u0000", record.RequestParameters!.Text, StringComparison.Ordinal);
        Assert.True(PostgresStorageForm.HasUnsupportedEscape(record.RequestParameters.Text));
        Assert.False(PostgresStorageForm.HasUnsupportedEscape(stored));
        using var document = JsonDocument.Parse(stored);
        Assert.DoesNotContain('\0', document.RootElement.GetProperty("queryString").GetString()!);
    }

    [PublicCasesFact]
    public async Task Ct17_HugeQueryOverFieldLimit_TruncatesButKeepsIdentity()
    {
        var limits = new CloudTrailParserLimits { MaxFieldBytes = 32 * 1024, MaxRawRecordBytes = 64 * 1024 };
        var records = await ReadAsync("ct-17-athena-huge-querystring-expanded-126k.json", Framing.SingleRecord, limits);
        var record = Assert.Single(records);

        var triaged = new CloudTrailRecordTriage(new HoneytokenIdentityIndex(Keys("hoge"))).Triage(record);

        Assert.True(record.RequestParameters!.OriginalByteLength > 120_000);
        Assert.True(record.RequestParameters.IsTruncated);
        Assert.True(record.RawRecord.IsTruncated);
        Assert.Equal(RecordDisposition.HoneytokenEvent, triaged.Disposition);
        Assert.Equal("StartQueryExecution", record.EventName);
        using var document = JsonDocument.Parse(PostgresStorageForm.ToJsonb(record.RequestParameters));
        Assert.True(document.RootElement.GetProperty("truncated").GetBoolean());
    }

    [PublicCasesTheory]
    [InlineData("ct-18-digest-file-docs.json")]
    [InlineData("ct-19-digest-file-empty-hour-docs.json")]
    [InlineData("ct-20-digest-file-elastic.json")]
    [InlineData("s3obj-AWSLogs-123456789123-CloudTrail-Digest-us-west-2-2020-09-11-123456789123_CloudTrail-Digest_us-west-2_leh-ct-test_us-west-2_20200911T193649Z.json.gz")]
    public async Task Ct18_DigestFile_YieldsNoRecords(string file)
    {
        var records = await ReadAsync(file, Framing.RecordsFile);

        Assert.Empty(records);
    }

    [PublicCasesFact]
    public async Task Ct20_DigestObjectKey_IsClassifiedDigest()
    {
        using var digest = JsonDocument.Parse(await File.ReadAllBytesAsync(PublicCasesFolder.File("ct-20-digest-file-elastic.json")));
        var key = digest.RootElement.GetProperty("digestS3Object").GetString()!;

        Assert.Equal(CloudTrailObjectKind.Digest, CloudTrailObjectKey.Classify(key));
    }

    [PublicCasesFact]
    public async Task Ct21_InsightsEvents_AreIgnored()
    {
        var records = await ReadAsync("ct-21-insights-events-records-docs.json", Framing.RecordsFile);

        var triaged = Triage(records, new HoneytokenIdentityIndex(DefaultRegistry()));

        Assert.Equal(2, records.Count);
        Assert.All(triaged, item => Assert.Equal(CloudTrailRecordKind.Insight, item.Kind));
        Assert.All(triaged, item => Assert.Equal(RecordDisposition.NotKeyUse, item.Disposition));
        Assert.All(records, record => Assert.Null(record.UserIdentity));
    }

    [PublicCasesFact]
    public async Task Ct22_TrailNotFound_AlertsWithError()
    {
        var events = await HoneytokenEventsAsync("ct-22-error-trailnotfound-records-docs.json", Framing.RecordsFile, Keys("EXAMPLE_KEY_ID"));

        var triaged = Assert.Single(events);
        Assert.Equal("cloudtrail.amazonaws.com", triaged.Record.EventSource);
        Assert.Equal("UpdateTrail", triaged.Record.EventName);
        Assert.Equal("TrailNotFoundException", triaged.Record.ErrorCode);
        Assert.Equal("2016-07-14T19:15:45Z", triaged.Record.EventTimeText);
        Assert.Equal("205.251.233.182", triaged.Record.SourceIpAddress);
        Assert.StartsWith("aws-cli/1.10.32", triaged.Record.UserAgent, StringComparison.Ordinal);
        Assert.Contains("tool:aws-cli", triaged.Tags);
    }

    [PublicCasesFact]
    public async Task Ct23_TruffleHog_AlertsAsSecretScanner()
    {
        var events = await HoneytokenEventsAsync("ct-23-trufflehog-getcalleridentity-minimal-panther.json", Framing.SingleRecord, Keys("AKIAIOSFODNN7EXAMPLE"));

        var triaged = Assert.Single(events);
        Assert.Null(triaged.Record.EventId);
        Assert.Equal("2024-01-15T10:30:00Z", triaged.Record.EventTimeText);
        Assert.Equal("198.51.100.42", triaged.Record.SourceIpAddress);
        Assert.Contains(EventTags.SecretScanner, triaged.Tags);
        Assert.Contains("tool:trufflehog", triaged.Tags);
        Assert.StartsWith("sha256:", triaged.DeduplicationKey, StringComparison.Ordinal);
    }

    [PublicCasesFact]
    public async Task Ct24_AwsQuarantine_IsTaggedNotAttacker()
    {
        var user = new HoneytokenIdentity(Guid.NewGuid(), [], ["arn:aws:iam::123456789012:user/compromised_user"], []);

        var events = await HoneytokenEventsAsync("ct-24-aws-quarantine-policy-on-leaked-key-panther.json", Framing.SingleRecord, [user]);

        var triaged = Assert.Single(events);
        Assert.Equal("PutUserPolicy", triaged.Record.EventName);
        Assert.Contains(EventTags.AwsQuarantine, triaged.Tags);
        Assert.Contains(EventTags.AwsInternal, triaged.Tags);
    }

    [PublicCasesFact]
    public async Task Eb01_PutObject_MatchesKeyNotPrincipalId()
    {
        var envelope = await ParseEnvelopeAsync("eb-01-api-call-s3-putobject-iamuser-docs.json");
        var record = envelope.Detail!;

        var byKey = new CloudTrailRecordTriage(new HoneytokenIdentityIndex(Keys("AKIAI44QH8DHBEXAMPLE"))).Triage(record);
        var byPrincipalIdAsKey = new CloudTrailRecordTriage(new HoneytokenIdentityIndex(Keys("AKIAIOSFODNN7EXAMPLE"))).Triage(record);
        var sameIdInFile = (await ReadAsync("ct-15-s3-listbuckets-iamuser-empty-sourceip-docs-records.json", Framing.RecordsFile))[0];

        Assert.True(envelope.IsApiCall);
        Assert.Equal(RecordDisposition.HoneytokenEvent, byKey.Disposition);
        Assert.Equal("PutObject", record.EventName);
        Assert.Equal("2018-09-12T00:25:10Z", record.EventTimeText);
        Assert.Equal("us-east-2", record.AwsRegion);
        Assert.Equal("123456789012", record.RecipientAccountId);
        Assert.Equal("203.0.113.34", record.SourceIpAddress);
        Assert.Contains("username-sfn-tutorial", record.RequestParameters?.Text, StringComparison.Ordinal);
        Assert.Equal(RecordDisposition.NotOwned, byPrincipalIdAsKey.Disposition);
        Assert.Equal(record.EventId, sameIdInFile.EventId);
        Assert.NotEqual(byKey.DeduplicationKey, EventDeduplicationKey.Create(sameIdInFile));
    }

    [PublicCasesTheory]
    [InlineData("eb-02-api-call-s3-putbucketpolicy-iamuser-console-asia-vpce.json", "PutBucketPolicy", "2018-06-09T20:43:59Z")]
    [InlineData("eb-03-api-call-s3-deletebucketpolicy-iamuser-console-asia-vpce.json", "DeleteBucketPolicy", "2018-06-09T20:46:30Z")]
    public async Task Eb02_ConsoleSessionOfUserDecoy_Alerts(string file, string eventName, string eventTime)
    {
        var envelope = await ParseEnvelopeAsync(file);
        var user = new HoneytokenIdentity(Guid.NewGuid(), [], ["arn:aws:iam::012345678901:user/example-user"], []);

        var byDefault = new CloudTrailRecordTriage(new HoneytokenIdentityIndex(DefaultRegistry())).Triage(envelope.Detail!);
        var byUser = new CloudTrailRecordTriage(new HoneytokenIdentityIndex([user])).Triage(envelope.Detail!);

        Assert.Equal(RecordDisposition.NotOwned, byDefault.Disposition);
        Assert.Equal(RecordDisposition.HoneytokenEvent, byUser.Disposition);
        Assert.Equal(eventName, envelope.Detail!.EventName);
        Assert.Equal(eventTime, envelope.Detail.EventTimeText);
        Assert.Equal("198.51.100.150", envelope.Detail.SourceIpAddress);
        Assert.Equal("012345678901", envelope.Detail.RecipientAccountId);
    }

    [PublicCasesFact]
    public async Task Eb04_ServiceEvent_IsIgnored()
    {
        var envelope = await ParseEnvelopeAsync("eb-04-aws-service-event-via-cloudtrail-organizations.json");

        var triaged = new CloudTrailRecordTriage(new HoneytokenIdentityIndex(DefaultRegistry())).Triage(envelope.Detail!);

        Assert.False(envelope.IsApiCall);
        Assert.Equal(CloudTrailRecordKind.ServiceEvent, triaged.Kind);
        Assert.Equal(RecordDisposition.NotKeyUse, triaged.Disposition);
    }

    [PublicCasesTheory]
    [InlineData("sns-01-subscriptionconfirmation-docs.body.json", SnsMessageType.SubscriptionConfirmation)]
    [InlineData("sns-01-subscriptionconfirmation-docs.http", SnsMessageType.SubscriptionConfirmation)]
    [InlineData("sns-02-notification-sigv1-docs.body.json", SnsMessageType.Notification)]
    [InlineData("sns-02-notification-sigv1-docs.http", SnsMessageType.Notification)]
    [InlineData("sns-03-unsubscribeconfirmation-docs.body.json", SnsMessageType.UnsubscribeConfirmation)]
    [InlineData("sns-03-unsubscribeconfirmation-docs.http", SnsMessageType.UnsubscribeConfirmation)]
    public async Task Sns01_DocumentedMessages_ParseButFailVerification(string file, SnsMessageType type)
    {
        var body = await SnsBodyAsync(file);
        Assert.True(SnsMessageParser.TryParse(body, out var message, out var error), error);

        var (verifier, fetcher) = CreateVerifier(message!);
        var result = await verifier.VerifyAsync(message!, CancellationToken.None);

        Assert.Equal(type, message!.Type);
        Assert.False(result.IsVerified);
        // The documented signatures are placeholders, and the bundled certificate postdates the 2012 samples.
        Assert.Contains(result.Reason, new[] { SnsRejectionReason.SignatureInvalid, SnsRejectionReason.SignatureNotBase64, SnsRejectionReason.CertificateNotValidAtMessageTime });
        if (type == SnsMessageType.Notification)
        {
            Assert.Equal(LogFileNotificationKind.Unrecognized, new LogFileNotificationParser(new()).Parse(message.Message).Kind);
        }
        else
        {
            Assert.True(new SnsUrlPolicy(new SnsVerificationOptions()).IsAllowed(message.SubscribeUrl, out _));
            Assert.Equal("sns.us-west-2.amazonaws.com", new Uri(message.SubscribeUrl!).Host);
        }

        if (file.EndsWith(".http", StringComparison.Ordinal))
        {
            Assert.Contains($"x-amz-sns-message-type: {message.TypeName}\r\n", await File.ReadAllTextAsync(PublicCasesFolder.File(file)), StringComparison.Ordinal);
        }

        Assert.True(fetcher.Requests.Count <= 1);
    }

    [PublicCasesTheory]
    [InlineData("sns-04-notification-sigv1-verifiable-aws-sdk-ruby.json")]
    [InlineData("sns-05-notification-sigv2-verifiable-aws-sdk-ruby.json")]
    [InlineData("sns-06-notification-lambda-style-casing-aws-sdk-ruby.json")]
    public async Task Sns04_RealSignatures_Verify(string file)
    {
        Assert.True(SnsMessageParser.TryParse(await SnsBodyAsync(file), out var message, out var error), error);
        var (verifier, _) = CreateVerifier(message!);

        var result = await verifier.VerifyAsync(message!, CancellationToken.None);

        Assert.True(result.IsVerified, result.Detail);
        Assert.Equal(LogFileNotificationKind.Unrecognized, new LogFileNotificationParser(new()).Parse(message!.Message).Kind);
    }

    [PublicCasesTheory]
    [InlineData("sns-04-notification-sigv1-verifiable-aws-sdk-ruby.json")]
    [InlineData("sns-05-notification-sigv2-verifiable-aws-sdk-ruby.json")]
    public async Task Sns04_TamperedMessage_IsRejected(string file)
    {
        Assert.True(SnsMessageParser.TryParse(await SnsBodyAsync(file), out var message, out _));
        var (verifier, _) = CreateVerifier(message!);

        var result = await verifier.VerifyAsync(message! with { Message = "Hello world!" }, CancellationToken.None);

        Assert.Equal(SnsRejectionReason.SignatureInvalid, result.Reason);
    }

    [PublicCasesTheory]
    [InlineData("https://s3.amazonaws.com/x/SimpleNotificationService-x.pem")]
    [InlineData("http://sns.us-east-2.amazonaws.com/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem")]
    [InlineData("https://sns.us-east-2.amazonaws.com.example.net/SimpleNotificationService-7ff5318490ec183fbaddaa2a969abfda.pem")]
    public async Task Sns04_ForeignCertificateUrl_IsRejectedWithoutFetch(string url)
    {
        Assert.True(SnsMessageParser.TryParse(await SnsBodyAsync("sns-05-notification-sigv2-verifiable-aws-sdk-ruby.json"), out var message, out _));
        var (verifier, fetcher) = CreateVerifier(message!);

        var result = await verifier.VerifyAsync(message! with { SigningCertUrl = url }, CancellationToken.None);

        Assert.Equal(SnsRejectionReason.CertificateUrlNotAllowed, result.Reason);
        Assert.Empty(fetcher.Requests);
    }

    [PublicCasesTheory]
    [InlineData("sns-01-subscriptionconfirmation-docs.body.json", SnsDeliveryAction.ConfirmSubscription, 0)]
    [InlineData("sns-01-subscriptionconfirmation-docs.http", SnsDeliveryAction.ConfirmSubscription, 0)]
    [InlineData("sns-02-notification-sigv1-docs.http", SnsDeliveryAction.Ignore, 0)]
    [InlineData("sns-03-unsubscribeconfirmation-docs.http", SnsDeliveryAction.Unsubscribed, 0)]
    [InlineData("sns-04-notification-sigv1-verifiable-aws-sdk-ruby.json", SnsDeliveryAction.Ignore, 0)]
    [InlineData("sns-07-notification-s3event-cloudtrail-orgtrail-key.json", SnsDeliveryAction.ReadLogFiles, 1)]
    [InlineData("sns-08-notification-cloudtrail-native-s3objectkey.json", SnsDeliveryAction.Ignore, 0)]
    [InlineData("sns-11-notification-s3-testevent-real-signature.json", SnsDeliveryAction.Ignore, 0)]
    [InlineData("sns-12-notification-s3-objectremoved-not-cloudtrail.json", SnsDeliveryAction.Ignore, 0)]
    [InlineData("sns-13-DERIVED-notification-s3event-urlencoded-cloudtrail-key.json", SnsDeliveryAction.ReadLogFiles, 1)]
    public async Task Sns_StubbedVerification_TakesDocumentedAction(string file, SnsDeliveryAction action, int logFiles)
    {
        var options = new SnsVerificationOptions { TopicArn = "arn:aws:sns:us-west-2:111122223333:unused" };
        var notifications = new LogFileNotificationParser(new LogFileNotificationOptions { ObjectKeyPrefix = file.StartsWith("sns-13", StringComparison.Ordinal) ? "audit logs/env=prod+eu/" : string.Empty });
        var processor = new SnsDeliveryProcessor(options, new AcceptingVerifier(), notifications, NullLogger<SnsDeliveryProcessor>.Instance);

        var outcome = await processor.ProcessAsync(await SnsBodyAsync(file), CancellationToken.None);

        Assert.Equal(action, outcome.Action);
        Assert.Equal(logFiles, outcome.Notification?.LogFiles.Count ?? 0);
        if (action == SnsDeliveryAction.ConfirmSubscription)
        {
            Assert.Equal("sns.us-west-2.amazonaws.com", outcome.SubscribeUrl?.Host);
        }
        else
        {
            Assert.Null(outcome.SubscribeUrl);
        }
    }

    [PublicCasesFact]
    public async Task Sns07_OrganizationTrailObject_IsListed()
    {
        var notification = await ParseNotificationMessageAsync("sns-07-notification-s3event-cloudtrail-orgtrail-key.json", new LogFileNotificationOptions());

        var file = Assert.Single(notification.LogFiles);
        Assert.Equal("s3-to-elasticsearch-cloudtrailbucket651b1cf1-1sxwk9yev080b", file.Bucket);
        Assert.Equal("AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-west-2/2020/11/01/111122223333_CloudTrail_us-west-2_20201101T2250Z_V84r5ej0Vt9EciUg.json.gz", file.Key);
    }

    [PublicCasesFact]
    public async Task Sns08_TruncatedSignature_IsRejectedCleanly()
    {
        const string file = "sns-08-notification-cloudtrail-native-s3objectkey.json";
        Assert.True(SnsMessageParser.TryParse(await SnsBodyAsync(file), out var message, out _));
        var (verifier, fetcher) = CreateVerifier(message!);

        var result = await verifier.VerifyAsync(message!, CancellationToken.None);
        var notification = new LogFileNotificationParser(new()).Parse(message!.Message);

        Assert.Equal(SnsRejectionReason.SignatureNotBase64, result.Reason);
        Assert.Empty(fetcher.Requests);
        Assert.Equal(LogFileNotificationKind.CloudTrail, notification.Kind);
        Assert.Empty(notification.LogFiles);
        Assert.Equal(LogFileObjectSkipReason.NotCloudTrail, Assert.Single(notification.Skipped).Reason);
    }

    [PublicCasesTheory]
    [InlineData("sns-09-cloudtrail-native-message-single-key-docs.json", 1)]
    [InlineData("sns-10-cloudtrail-native-message-multi-key-docs.json", 3)]
    public async Task Sns09_CloudTrailMessage_ListsEachKey(string file, int count)
    {
        var message = await File.ReadAllTextAsync(PublicCasesFolder.File(file));

        var notification = new LogFileNotificationParser(new()).Parse(message);

        Assert.Equal(LogFileNotificationKind.CloudTrail, notification.Kind);
        Assert.Equal(count, notification.LogFiles.Count);
        Assert.All(notification.LogFiles, logFile => Assert.Equal("your-bucket-name", logFile.Bucket));
        Assert.Empty(notification.Skipped);
    }

    [PublicCasesFact]
    public async Task Sns11_TestEventThroughSns_ListsNothing()
    {
        var notification = await ParseNotificationMessageAsync("sns-11-notification-s3-testevent-real-signature.json", new LogFileNotificationOptions());

        Assert.Equal(LogFileNotificationKind.S3TestEvent, notification.Kind);
        Assert.Empty(notification.LogFiles);
    }

    [PublicCasesFact]
    public async Task Sns12_ObjectRemoved_IsSkipped()
    {
        var notification = await ParseNotificationMessageAsync("sns-12-notification-s3-objectremoved-not-cloudtrail.json", new LogFileNotificationOptions());

        Assert.Empty(notification.LogFiles);
        var skipped = Assert.Single(notification.Skipped);
        Assert.Equal(LogFileObjectSkipReason.NotObjectCreated, skipped.Reason);
        Assert.Equal("1.2.3.4-1514864593.00", skipped.Key);
    }

    [PublicCasesFact]
    public async Task Sns13_EncodedKey_IsDecodedOnce()
    {
        var options = new LogFileNotificationOptions { ObjectKeyPrefix = "audit logs/env=prod+eu/" };

        var notification = await ParseNotificationMessageAsync("sns-13-DERIVED-notification-s3event-urlencoded-cloudtrail-key.json", options);

        var file = Assert.Single(notification.LogFiles);
        Assert.Equal("audit logs/env=prod+eu/AWSLogs/o-exampleorgid/111122223333/CloudTrail/us-west-2/2020/11/01/111122223333_CloudTrail_us-west-2_20201101T2250Z_V84r5ej0Vt9EciUg.json.gz", file.Key);
    }

    [PublicCasesTheory]
    [InlineData("s3-01-testevent-docs.json", LogFileNotificationKind.S3TestEvent)]
    [InlineData("s3-02-objectcreated-put-docs.json", LogFileNotificationKind.S3Event)]
    [InlineData("s3-03-testevent-cloudtrail-bucket-sekoia.json", LogFileNotificationKind.S3TestEvent)]
    public async Task S3_NotificationPayloads_ListNoLogFile(string file, LogFileNotificationKind kind)
    {
        var notification = new LogFileNotificationParser(new()).Parse(await File.ReadAllTextAsync(PublicCasesFolder.File(file)));

        Assert.Equal(kind, notification.Kind);
        Assert.Empty(notification.LogFiles);
    }

    [PublicCasesFact]
    public async Task Keys_DocumentedObjectKeys_ClassifyAsListed()
    {
        var lines = await File.ReadAllLinesAsync(PublicCasesFolder.File("keys-cloudtrail-s3-object-keys.tsv"));
        var checkedRows = 0;

        foreach (var line in lines.Where(line => line.Length > 0 && !line.StartsWith('#')))
        {
            var columns = line.Split('\t');
            var expected = columns[0] switch
            {
                "LOG" => CloudTrailObjectKind.LogFile,
                "DIGEST" => CloudTrailObjectKind.Digest,
                "INSIGHT" => CloudTrailObjectKind.Insight,
                "OTHER" => CloudTrailObjectKind.Other,
                _ => (CloudTrailObjectKind?)null,
            };
            if (expected is null)
            {
                continue;
            }

            // Keys are listed as they appear in S3 notifications, so they are decoded first.
            var key = CloudTrailObjectKey.DecodeNotificationKey(columns[1]);
            Assert.True(expected == CloudTrailObjectKey.Classify(key), $"'{columns[1]}' should be {expected}.");
            checkedRows++;
        }

        Assert.Equal(13, checkedRows);
    }

    private static IEnumerable<HoneytokenIdentity> Keys(params string[] keys) =>
        keys.Select(key => new HoneytokenIdentity(Guid.NewGuid(), [key], [], []));

    /// <summary>The registry that the expectations call the default one: the decoy access keys, without user-level decoys.</summary>
    private static HoneytokenIdentity[] DefaultRegistry() => [.. Keys(DefaultDecoyKeys)];

    private static bool IsHoneytokenEvent(TriagedRecord triaged) => triaged.Disposition == RecordDisposition.HoneytokenEvent;

    private static string Describe(TriagedRecord triaged) =>
        $"{triaged.Record.EventSource!.Replace(".amazonaws.com", string.Empty, StringComparison.Ordinal)}:{triaged.Record.EventName}@{triaged.Record.EventTime:HH:mm:ss}";

    private static List<TriagedRecord> Triage(IEnumerable<CloudTrailRecord> records, HoneytokenIdentityIndex index)
    {
        var triage = new CloudTrailRecordTriage(index);
        return records.Select(triage.Triage).ToList();
    }

    private static async Task<List<TriagedRecord>> HoneytokenEventsAsync(string file, Framing framing, IEnumerable<HoneytokenIdentity> registry)
    {
        var records = await ReadAsync(file, framing);
        return Triage(records, new HoneytokenIdentityIndex(registry)).Where(IsHoneytokenEvent).ToList();
    }

    private static async Task<List<CloudTrailRecord>> ReadAsync(string file, Framing framing, CloudTrailParserLimits? limits = null)
    {
        var bytes = await File.ReadAllBytesAsync(PublicCasesFolder.File(file));
        var logFile = AsLogFile(bytes, framing);
        return await new CloudTrailLogReader(limits ?? CloudTrailParserLimits.Default).ReadAsync(new ChunkedStream(logFile, 8192)).ToListAsync();
    }

    /// <summary>Wraps a sample in the <c>{"Records":[…]}</c> framing of a log file, without parsing it.</summary>
    private static byte[] AsLogFile(byte[] bytes, Framing framing)
    {
        switch (framing)
        {
            case Framing.RecordsFile:
                return bytes;
            case Framing.SingleRecord:
                return [.. "{\"Records\":["u8, .. bytes, .. "]}"u8];
            case Framing.JsonArray:
                return [.. "{\"Records\":"u8, .. bytes, .. "}"u8];
            case Framing.NdJson:
            {
                var lines = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                return Encoding.UTF8.GetBytes("{\"Records\":[" + string.Join(',', lines) + "]}");
            }

            case Framing.AwsLogsLines:
            {
                // Each line is "<log group> <log stream> <record>".
                var lines = Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var records = lines.Select(line => line.Split(' ', 3)[2]);
                return Encoding.UTF8.GetBytes("{\"Records\":[" + string.Join(',', records) + "]}");
            }

            default:
                throw new ArgumentOutOfRangeException(nameof(framing), framing, null);
        }
    }

    private static async Task<EventBridgeEnvelope> ParseEnvelopeAsync(string file)
    {
        var body = await File.ReadAllBytesAsync(PublicCasesFolder.File(file));
        Assert.True(EventBridgeEnvelopeParser.TryParse(body, CloudTrailParserLimits.Default, out var envelope, out var error), error);
        return envelope!;
    }

    private static async Task<byte[]> SnsBodyAsync(string file)
    {
        var bytes = await File.ReadAllBytesAsync(PublicCasesFolder.File(file));
        if (!file.EndsWith(".http", StringComparison.Ordinal))
        {
            return bytes;
        }

        var separator = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(separator > 0, "The HTTP sample has no blank line after its headers.");
        return bytes[(separator + 4)..];
    }

    private static async Task<LogFileNotification> ParseNotificationMessageAsync(string file, LogFileNotificationOptions options)
    {
        Assert.True(SnsMessageParser.TryParse(await SnsBodyAsync(file), out var message, out var error), error);
        Assert.Equal(SnsMessageType.Notification, message!.Type);
        return new LogFileNotificationParser(options).Parse(message.Message);
    }

    /// <summary>
    /// Creates a verifier for the sample's own topic, with the clock set just after the message
    /// and the bundled certificate served at the sample's certificate URL.
    /// </summary>
    private static (SnsMessageVerifier Verifier, FakeCertificateFetcher Fetcher) CreateVerifier(SnsMessage message)
    {
        var fetcher = new FakeCertificateFetcher();
        var certificate = File.ReadAllBytes(PublicCasesFolder.File(SigningCertificate));
        if (message.SigningCertUrl is not null)
        {
            fetcher.Serve(message.SigningCertUrl, certificate);
        }

        var time = new FakeTimeProvider(DateTimeOffset.Parse(message.Timestamp!, System.Globalization.CultureInfo.InvariantCulture).AddMinutes(1));
        var options = new SnsVerificationOptions { TopicArn = message.TopicArn! };
        var verifier = new SnsMessageVerifier(options, new SnsCertificateCache(fetcher), time, NullLogger<SnsMessageVerifier>.Instance);
        return (verifier, fetcher);
    }
}
