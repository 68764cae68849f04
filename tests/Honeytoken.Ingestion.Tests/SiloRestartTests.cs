using System.Diagnostics;
using System.Text;
using Honeytoken.Grains.Events;
using Honeytoken.Ingestion.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Honeytoken.Ingestion.Tests;

/// <summary>The restart test kills the silo, so it has a cluster of its own.</summary>
[CollectionDefinition(Name)]
public sealed class SiloRestartCollection : ICollectionFixture<IngestionHarness>
{
    public const string Name = "ingestion-restart";
}

/// <summary>A silo that dies in the middle of a large log file loses and duplicates nothing.</summary>
[Collection(SiloRestartCollection.Name)]
public sealed class SiloRestartTests(IngestionHarness harness, ITestOutputHelper output)
{
    private const int TargetBytes = 50 * 1024 * 1024;

    private const int HoneytokenRecords = 300;

    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task SiloKilledMidFile_StoresEachEventOnce()
    {
        var token = await harness.CreateTokenAsync("restart");
        var (content, recordCount) = BuildLargeFile(token.AccessKeyId!);
        Assert.True(content.Length >= TargetBytes, $"the file has {content.Length} bytes");
        var key = CloudTrailFiles.NewKey("large");
        var clock = Stopwatch.StartNew();

        harness.PutLogObject(key, CloudTrailFiles.Gzip(content));
        var partial = await Poll.UntilAsync(
            () => harness.CountAsync("SELECT count(*) FROM honeytoken_events WHERE honeytoken_id = @id", ("id", token.Id)),
            count => count >= 20,
            Deadline,
            "the first events of the large file");
        Assert.True(partial < HoneytokenRecords, $"the file was done ({partial} events) before the silo could be killed");

        await harness.Cluster.KillSiloAsync(harness.Cluster.Silos[0]);
        await harness.Cluster.StartAdditionalSiloAsync();
        output.WriteLine($"Killed the silo after {partial} of {HoneytokenRecords} events, {clock.Elapsed.TotalSeconds:F1} s in.");

        var status = await Poll.UntilAsync(
            () => harness.Grains.GetGrain<ILogFileGrain>(LogFileKeys.Create(IngestionHarness.LogBucket, key)).GetStatusAsync(),
            status => status.State == LogFileState.Done,
            Deadline,
            "the large file to be processed after the restart");

        Assert.Equal(recordCount, status.RecordsRead);
        Assert.True(status.Attempts >= 2, $"the file was read {status.Attempts} times");
        Assert.Equal(HoneytokenRecords, await harness.CountAsync("SELECT count(*) FROM honeytoken_events WHERE honeytoken_id = @id", ("id", token.Id)));
        Assert.Equal(HoneytokenRecords, await harness.CountAsync("SELECT count(DISTINCT event_key) FROM honeytoken_events WHERE honeytoken_id = @id", ("id", token.Id)));
        output.WriteLine($"{recordCount} records, {content.Length / 1024 / 1024} MB, done after {clock.Elapsed.TotalSeconds:F1} s.");
    }

    /// <summary>
    /// Builds a file of at least 50 MB: mostly calls of a few identities the service does not
    /// own, with the token's calls spread through it. Records are written from a template,
    /// because building 50,000 JSON objects takes longer than the test itself.
    /// </summary>
    private static (byte[] Content, int Records) BuildLargeFile(string accessKeyId)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-30);
        var padding = new string('x', 700);
        var records = new StringBuilder(TargetBytes + (1024 * 1024));
        records.Append("{\"Records\":[");
        var count = 0;
        var honeytokenEvents = 0;
        var every = TargetBytes / 1100 / HoneytokenRecords;
        while (records.Length < TargetBytes || honeytokenEvents < HoneytokenRecords)
        {
            var isHoneytoken = honeytokenEvents < HoneytokenRecords && count % every == every / 2;
            if (count > 0)
            {
                records.Append(',');
            }

            if (isHoneytoken)
            {
                records.Append(CloudTrailFiles.Record(accessKeyId, start.AddMilliseconds(count)).ToJsonString());
                honeytokenEvents++;
            }
            else
            {
                var time = start.AddMilliseconds(count).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
                records.Append("{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAUNRELATED")
                    .Append(count % 8).Append("\",\"arn\":\"arn:aws:iam::111122223333:user/unrelated-").Append(count % 8)
                    .Append("\",\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIANOTOWNEDKEY").Append(count % 8)
                    .Append("\"},\"eventTime\":\"").Append(time)
                    .Append("\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"198.51.100.9\",\"userAgent\":\"aws-sdk-go/1.44\",\"requestParameters\":{\"padding\":\"")
                    .Append(padding).Append("\"},\"responseElements\":null,\"eventID\":\"").Append(Guid.NewGuid())
                    .Append("\",\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"111122223333\"}");
            }

            count++;
        }

        records.Append("]}");
        return (Encoding.UTF8.GetBytes(records.ToString()), count);
    }
}
