using System.Text.Json.Nodes;
using Honeytoken.Grains.Events.Channels.LogFiles;

namespace Honeytoken.Events.Tests;

public sealed class LogFileNotificationParserTests
{
    private const string LogKey = "AWSLogs/210987654321/CloudTrail/eu-central-1/2026/11/20/210987654321_CloudTrail_eu-central-1_20261120T0825Z_a1b2c3d4e5f6a7b8.json.gz";
    private const string DigestKey = "AWSLogs/210987654321/CloudTrail-Digest/eu-central-1/2026/11/20/210987654321_CloudTrail-Digest_eu-central-1_decoy_trail_eu-central-1_20261120T0900Z.json.gz";

    private static string S3Event(params (string EventName, string Bucket, string EncodedKey)[] records)
    {
        var array = new JsonArray();
        foreach (var (eventName, bucket, key) in records)
        {
            array.Add(new JsonObject
            {
                ["eventVersion"] = "2.1",
                ["eventSource"] = "aws:s3",
                ["awsRegion"] = "eu-central-1",
                ["eventTime"] = "2026-11-20T08:25:01.000Z",
                ["eventName"] = eventName,
                ["s3"] = new JsonObject
                {
                    ["s3SchemaVersion"] = "1.0",
                    ["bucket"] = new JsonObject { ["name"] = bucket, ["arn"] = "arn:aws:s3:::" + bucket },
                    ["object"] = new JsonObject { ["key"] = key, ["size"] = 2048 },
                },
            });
        }

        return new JsonObject { ["Records"] = array }.ToJsonString();
    }

    [Fact]
    public void Parse_EncodedKey_DecodesOnce()
    {
        var parser = new LogFileNotificationParser(new LogFileNotificationOptions { ObjectKeyPrefix = "trail logs/a+b=c%/" });
        var encoded = "trail+logs/a%2Bb%3Dc%25/" + LogKey;

        var notification = parser.Parse(S3Event(("ObjectCreated:Put", "trail-bucket", encoded)));

        var file = Assert.Single(notification.LogFiles);
        Assert.Equal(LogFileNotificationKind.S3Event, notification.Kind);
        Assert.Equal("trail-bucket", file.Bucket);
        Assert.Equal("trail logs/a+b=c%/" + LogKey, file.Key);
        Assert.Empty(notification.Skipped);
    }

    [Fact]
    public void Parse_SeveralRecords_ListsEach()
    {
        var second = LogKey.Replace("a1b2c3d4e5f6a7b8", "0f0e0d0c0b0a0908", StringComparison.Ordinal);
        var notification = new LogFileNotificationParser(new LogFileNotificationOptions())
            .Parse(S3Event(("ObjectCreated:Put", "trail-bucket", LogKey), ("ObjectCreated:CompleteMultipartUpload", "trail-bucket", second)));

        Assert.Equal([LogKey, second], notification.LogFiles.Select(file => file.Key));
    }

    [Fact]
    public void Parse_DigestAndRemovedObjects_AreSkipped()
    {
        var notification = new LogFileNotificationParser(new LogFileNotificationOptions())
            .Parse(S3Event(("ObjectCreated:Put", "trail-bucket", DigestKey), ("ObjectRemoved:Delete", "trail-bucket", LogKey)));

        Assert.Empty(notification.LogFiles);
        Assert.Equal([LogFileObjectSkipReason.Digest, LogFileObjectSkipReason.NotObjectCreated], notification.Skipped.Select(skipped => skipped.Reason));
    }

    [Fact]
    public void Parse_KeyOutsidePrefix_IsSkipped()
    {
        var notification = new LogFileNotificationParser(new LogFileNotificationOptions { ObjectKeyPrefix = "org-trail/" })
            .Parse(S3Event(("ObjectCreated:Put", "trail-bucket", LogKey)));

        Assert.Empty(notification.LogFiles);
        Assert.Equal(LogFileObjectSkipReason.OutsidePrefix, Assert.Single(notification.Skipped).Reason);
    }

    [Fact]
    public void Parse_CloudTrailNotification_ListsPlainKeys()
    {
        var message = new JsonObject
        {
            ["s3Bucket"] = "trail-bucket",
            ["s3ObjectKey"] = new JsonArray(LogKey, DigestKey, "AWSLogs/210987654321/CloudTrail/eu-central-1/2026/11/20/with+plus.json.gz"),
        }.ToJsonString();

        var notification = new LogFileNotificationParser(new LogFileNotificationOptions()).Parse(message);

        Assert.Equal(LogFileNotificationKind.CloudTrail, notification.Kind);
        Assert.Equal([LogKey, "AWSLogs/210987654321/CloudTrail/eu-central-1/2026/11/20/with+plus.json.gz"], notification.LogFiles.Select(file => file.Key));
        Assert.Equal(DigestKey, Assert.Single(notification.Skipped).Key);
    }

    [Fact]
    public void Parse_TestEvent_ListsNothing()
    {
        var notification = new LogFileNotificationParser(new LogFileNotificationOptions())
            .Parse("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-11-20T08:00:00.000Z\",\"Bucket\":\"trail-bucket\"}");

        Assert.Equal(LogFileNotificationKind.S3TestEvent, notification.Kind);
        Assert.Empty(notification.LogFiles);
    }

    [Theory]
    [InlineData("Hello world!")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"unrelated\":true}")]
    public void Parse_OtherMessage_IsUnrecognized(string message)
    {
        var notification = new LogFileNotificationParser(new LogFileNotificationOptions()).Parse(message);

        Assert.Equal(LogFileNotificationKind.Unrecognized, notification.Kind);
        Assert.Empty(notification.LogFiles);
    }

    [Theory]
    [InlineData(LogKey, CloudTrailObjectKind.LogFile)]
    [InlineData("AWSLogs/o-a1b2c3d4e5/210987654321/CloudTrail/eu-central-1/2026/11/20/210987654321_CloudTrail_eu-central-1_20261120T0825Z_a1b2c3d4e5f6a7b8.json.gz", CloudTrailObjectKind.LogFile)]
    [InlineData(DigestKey, CloudTrailObjectKind.Digest)]
    [InlineData("210987654321_CloudTrail-Digest_eu-central-1_my_trail_us-east-1_20261120T0900Z.json.gz", CloudTrailObjectKind.Digest)]
    [InlineData("AWSLogs/210987654321/CloudTrail-Insight/eu-central-1/2026/11/20/210987654321_CloudTrail-Insight_eu-central-1_20261120T0900Z_x.json.gz", CloudTrailObjectKind.Insight)]
    [InlineData("AWSLogs/210987654321/vpcflowlogs/eu-central-1/2026/11/20/210987654321_vpcflowlogs_eu-central-1_fl-0a1b_20261120T0900Z_x.log.gz", CloudTrailObjectKind.Other)]
    [InlineData("AWSLogs/210987654321/CloudTrail/", CloudTrailObjectKind.Other)]
    [InlineData("CloudTrail.json.gz", CloudTrailObjectKind.Other)]
    public void Classify_Key_ReturnsKind(string key, CloudTrailObjectKind kind)
    {
        Assert.Equal(kind, CloudTrailObjectKey.Classify(key));
    }
}
