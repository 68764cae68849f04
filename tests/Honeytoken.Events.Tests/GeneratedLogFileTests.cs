using System.Text.RegularExpressions;
using Honeytoken.Bench.Logs.Baselines;
using Honeytoken.Bench.Logs.Generation;
using Honeytoken.Grains.Events;

namespace Honeytoken.Events.Tests;

/// <summary>The benchmark's generated log files are CloudTrail files that the product's reader and triage accept.</summary>
public sealed class GeneratedLogFileTests
{
    private static readonly string[] Keys = ["AKIAGENERATEDTEST001", "AKIAGENERATEDTEST002"];

    private static readonly CloudTrailLogOptions Options = new()
    {
        Files = 2,
        RecordsPerFile = 600,
        HoneytokenRate = 0.05,
        HoneytokenAccessKeyIds = Keys,
        Seed = 7,
    };

    [Fact]
    public async Task GeneratedFile_ReaderAndTriage_FindEveryHit()
    {
        var file = new CloudTrailLogGenerator(Options).GenerateFile(1);
        var index = new HoneytokenIdentityIndex(Keys.Select(key => new HoneytokenIdentity(Guid.NewGuid(), [key], [], [])));
        var triage = new CloudTrailRecordTriage(index);

        var records = 0;
        var events = 0;
        await foreach (var record in new CloudTrailLogReader().ReadAsync(new MemoryStream(file.Content)))
        {
            records++;
            events += triage.Triage(record).Disposition == RecordDisposition.HoneytokenEvent ? 1 : 0;
        }

        Assert.Equal(600, file.Records);
        Assert.Equal(file.Records, records);
        Assert.InRange(file.HoneytokenRecords, 10, 60);
        Assert.Equal(file.HoneytokenRecords, events);
    }

    [Fact]
    public void GeneratedFile_ParseLimitScanner_FindsEveryHit()
    {
        var file = new CloudTrailLogGenerator(Options).GenerateFile(0);

        var (matches, uncompressed) = new ParseLimitScanner(new HashSet<string>(Keys, StringComparer.Ordinal)).ScanGzip(new MemoryStream(file.Content));

        Assert.Equal(file.HoneytokenRecords, matches);
        Assert.Equal(file.UncompressedBytes, uncompressed);
    }

    [Fact]
    public void GeneratedFile_Key_FollowsCloudTrailLayout()
    {
        var file = new CloudTrailLogGenerator(Options).GenerateFile(0);

        Assert.Matches(
            new Regex(@"^AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/05/111122223333_CloudTrail_us-east-1_20260105T0800Z_[A-Za-z0-9]{16}\.json\.gz$"),
            file.Key);
    }

    [Fact]
    public void SameOptions_GenerateSameBytes()
    {
        var first = new CloudTrailLogGenerator(Options).GenerateFile(1);
        var second = new CloudTrailLogGenerator(Options).GenerateFile(1);

        Assert.Equal(first.Key, second.Key);
        Assert.Equal(first.Content, second.Content);
    }
}
