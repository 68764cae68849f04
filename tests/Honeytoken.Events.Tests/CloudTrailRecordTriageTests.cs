using System.Text.Json.Nodes;
using Honeytoken.Grains.Events;

namespace Honeytoken.Events.Tests;

public sealed class CloudTrailRecordTriageTests
{
    private readonly CloudTrailRecordTriage _triage = new(new HoneytokenIdentityIndex(
        [new HoneytokenIdentity(SampleRecords.TokenId, [SampleRecords.HoneytokenKey], [SampleRecords.HoneytokenUserArn], [SampleRecords.HoneytokenUserId])]));

    private static CloudTrailRecord Parse(JsonNode node) =>
        CloudTrailRecordParser.Parse(SampleRecords.Utf8(node), 0, CloudTrailParserLimits.Default);

    [Fact]
    public void Triage_AkiaCall_IsTaggedEvent()
    {
        var triaged = _triage.Triage(Parse(SampleRecords.ApiCall()));

        Assert.Equal(RecordDisposition.HoneytokenEvent, triaged.Disposition);
        Assert.Equal(CloudTrailRecordKind.ApiCall, triaged.Kind);
        Assert.Equal(SampleRecords.TokenId, triaged.Attribution.TokenId);
        Assert.Equal(["tool:aws-cli"], triaged.Tags);
        Assert.Equal("5e0d7a0c-1111-4c2b-8e8f-000000000001|GetCallerIdentity|2026-11-20T08:15:30Z", triaged.DeduplicationKey);
    }

    [Fact]
    public void Triage_AccessDenied_IsStillHoneytokenEvent()
    {
        var triaged = _triage.Triage(Parse(SampleRecords.AccessDenied()));

        Assert.Equal(RecordDisposition.HoneytokenEvent, triaged.Disposition);
        Assert.Equal("AccessDenied", triaged.Record.ErrorCode);
        Assert.StartsWith("User: arn:aws:iam::210987654321:user/build-agent", triaged.Record.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Triage_OtherIdentity_IsNotOwned()
    {
        var record = SampleRecords.ApiCall(accessKeyId: SampleRecords.OtherKey);
        record["userIdentity"] = new JsonObject { ["type"] = "IAMUser", ["arn"] = "arn:aws:iam::210987654321:user/ops", ["accessKeyId"] = SampleRecords.OtherKey };

        var triaged = _triage.Triage(Parse(record));

        Assert.Equal(RecordDisposition.NotOwned, triaged.Disposition);
        Assert.Empty(triaged.Tags);
        Assert.Null(triaged.DeduplicationKey);
    }

    [Fact]
    public void Triage_ConsoleLoginOfTokenUser_IsIgnored()
    {
        var triaged = _triage.Triage(Parse(SampleRecords.ConsoleLogin(accessKeyId: null)));

        Assert.Equal(CloudTrailRecordKind.ConsoleSignIn, triaged.Kind);
        Assert.Equal(RecordDisposition.NotKeyUse, triaged.Disposition);
    }

    [Fact]
    public void Triage_ConsoleLoginWithKey_IsEvent()
    {
        var triaged = _triage.Triage(Parse(SampleRecords.ConsoleLogin(accessKeyId: SampleRecords.HoneytokenKey)));

        Assert.Equal(RecordDisposition.HoneytokenEvent, triaged.Disposition);
        Assert.Contains("tool:browser", triaged.Tags);
    }

    [Fact]
    public void Triage_ServiceEvent_IsIgnored()
    {
        var triaged = _triage.Triage(Parse(SampleRecords.ServiceEvent()));

        Assert.Equal(CloudTrailRecordKind.ServiceEvent, triaged.Kind);
        Assert.Equal(RecordDisposition.NotKeyUse, triaged.Disposition);
    }

    [Fact]
    public void Triage_ServiceEventNamingTokenUser_IsIgnored()
    {
        var record = SampleRecords.ServiceEvent();
        record["userIdentity"]!["arn"] = SampleRecords.HoneytokenUserArn;

        Assert.Equal(RecordDisposition.NotKeyUse, _triage.Triage(Parse(record)).Disposition);
    }

    [Fact]
    public void Triage_InsightEvent_IsIgnored()
    {
        var triaged = _triage.Triage(Parse(SampleRecords.InsightEvent()));

        Assert.Equal(CloudTrailRecordKind.Insight, triaged.Kind);
        Assert.Equal(RecordDisposition.NotKeyUse, triaged.Disposition);
    }

    [Fact]
    public void Triage_ServiceInvokedCall_IsAwsInternal()
    {
        var record = SampleRecords.ApiCall(eventName: "CreateTags", eventSource: "ec2.amazonaws.com", sourceIpAddress: "cloudformation.amazonaws.com", userAgent: "cloudformation.amazonaws.com");
        record["userIdentity"]!["invokedBy"] = "cloudformation.amazonaws.com";

        var triaged = _triage.Triage(Parse(record));

        Assert.Equal(RecordDisposition.HoneytokenEvent, triaged.Disposition);
        Assert.Contains(EventTags.AwsInternal, triaged.Tags);
    }

    [Fact]
    public void Triage_ConsoleInvokedCall_IsNotAwsInternal()
    {
        var record = SampleRecords.ApiCall(userAgent: "signin.amazonaws.com");
        record["userIdentity"]!["invokedBy"] = "signin.amazonaws.com";

        var triaged = _triage.Triage(Parse(record));

        Assert.DoesNotContain(EventTags.AwsInternal, triaged.Tags);
        Assert.Contains("tool:console", triaged.Tags);
    }

    [Fact]
    public void Triage_QuarantinePolicy_IsTaggedAwsQuarantine()
    {
        var record = SampleRecords.ApiCall(eventName: "AttachUserPolicy", eventSource: "iam.amazonaws.com", sourceIpAddress: "AWS Internal", userAgent: "aws-internal/3 aws-sdk-java/1.12.700");
        record["requestParameters"] = new JsonObject
        {
            ["userName"] = "build-agent",
            ["policyArn"] = "arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3",
        };

        var triaged = _triage.Triage(Parse(record));

        Assert.Contains(EventTags.AwsQuarantine, triaged.Tags);
        Assert.Contains(EventTags.AwsInternal, triaged.Tags);
    }

    [Fact]
    public void Triage_MissingEventId_GetsHashKey()
    {
        var first = SampleRecords.ApiCall();
        first.Remove("eventID");
        var second = first.DeepClone().AsObject();
        second["awsRegion"] = "us-west-2";

        var firstKey = _triage.Triage(Parse(first)).DeduplicationKey;
        var againKey = _triage.Triage(Parse(first.DeepClone())).DeduplicationKey;
        var secondKey = _triage.Triage(Parse(second)).DeduplicationKey;

        Assert.StartsWith("sha256:", firstKey, StringComparison.Ordinal);
        Assert.Equal(firstKey, againKey);
        Assert.NotEqual(firstKey, secondKey);
    }

    [Fact]
    public void Triage_ReusedEventId_GetsOtherKey()
    {
        var first = _triage.Triage(Parse(SampleRecords.ApiCall(eventName: "GetCallerIdentity")));
        var second = _triage.Triage(Parse(SampleRecords.ApiCall(eventName: "ListBuckets", eventSource: "s3.amazonaws.com")));

        Assert.NotEqual(first.DeduplicationKey, second.DeduplicationKey);
    }

    [Theory]
    [InlineData("aws-cli/1.36.2 md/Botocore#1.35.60 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.11.2 md/pyimpl#CPython cfg/retry-mode#legacy botocore/1.35.60", "aws-cli")]
    [InlineData("Boto3/1.35.0 md/Botocore#1.35.0 ua/2.0 os/linux#6.1 lang/python#3.11.2 Botocore/1.35.0", "boto3")]
    [InlineData("Botocore/1.35.0 ua/2.0 os/linux#6.1 lang/python#3.11.2", "botocore")]
    [InlineData("aws-sdk-go-v2/1.32.4 os/linux lang/go#1.23.3 md/GOOS#linux md/GOARCH#amd64 api/sts#1.33.0", "aws-sdk-go")]
    [InlineData("aws-sdk-java/2.29.6 Linux/6.1 OpenJDK_64-Bit_Server_VM/21.0.5+11 Java/21.0.5 vendor/Eclipse_Adoptium io/sync http/Apache cfg/retry-mode/legacy", "aws-sdk-java")]
    [InlineData("aws-sdk-js/3.699.0 ua/2.1 os/linux#6.1 lang/js md/nodejs#22.11.0 api/sts#3.699.0", "aws-sdk-js")]
    [InlineData("aws-sdk-dotnet-coreclr/4.0.1.0 ua/2.0 os/linux#6.1 md/ARCH#X64 lang/.NET_Core#10.0.0 api/SecurityToken#4.0.0", "aws-sdk-dotnet")]
    [InlineData("APN/1.0 HashiCorp/1.0 Terraform/1.9.8 (+https://www.terraform.io) terraform-provider-aws/5.76.0 aws-sdk-go-v2/1.32.4 os/linux", "terraform")]
    [InlineData("TruffleHog", "trufflehog")]
    [InlineData("trufflehog/3.84.1 aws-sdk-go/1.55.5 (go1.23.2; linux; amd64)", "trufflehog")]
    [InlineData("console.amazonaws.com", "console")]
    public void GetToolFamily_KnownUserAgent_ReturnsFamily(string userAgent, string family)
    {
        Assert.Equal(family, UserAgentClassifier.GetToolFamily(userAgent));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("curl/8.5.0")]
    public void GetToolFamily_UnknownUserAgent_ReturnsNull(string userAgent)
    {
        Assert.Null(UserAgentClassifier.GetToolFamily(userAgent));
    }

    [Fact]
    public void GetTags_TruffleHog_IsSecretScanner()
    {
        var tags = EventTagger.GetTags(Parse(SampleRecords.ApiCall(userAgent: "TruffleHog")));

        Assert.Equal([EventTags.SecretScanner, "tool:trufflehog"], tags);
    }
}
