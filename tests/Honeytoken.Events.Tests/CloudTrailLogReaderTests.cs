using System.Text;
using System.Text.Json.Nodes;
using Honeytoken.Grains.Events;

namespace Honeytoken.Events.Tests;

public sealed class CloudTrailLogReaderTests
{
    [Fact]
    public async Task ReadAsync_GzippedFile_YieldsAllInOrder()
    {
        var records = Enumerable.Range(0, 500)
            .Select(i => (JsonNode)SampleRecords.ApiCall(eventId: $"5e0d7a0c-1111-4c2b-8e8f-{i:D12}"))
            .ToArray();
        var file = SampleRecords.Gzip(SampleRecords.LogFile(records));

        var read = await new CloudTrailLogReader().ReadAsync(new ChunkedStream(file, 1000)).ToListAsync();

        Assert.Equal(500, read.Count);
        Assert.Equal("5e0d7a0c-1111-4c2b-8e8f-000000000000", read[0].EventId);
        Assert.Equal("5e0d7a0c-1111-4c2b-8e8f-000000000499", read[^1].EventId);
    }

    [Fact]
    public async Task ReadAsync_PlainFile_ReportsOffsets()
    {
        var file = SampleRecords.LogFile(SampleRecords.ApiCall(), SampleRecords.AccessDenied());

        var read = await new CloudTrailLogReader().ReadAsync(new MemoryStream(file)).ToListAsync();

        Assert.Equal(2, read.Count);
        foreach (var record in read)
        {
            Assert.Equal((byte)'{', file[record.Offset]);
            Assert.StartsWith("{\"eventVersion\"", Encoding.UTF8.GetString(file, (int)record.Offset, 20), StringComparison.Ordinal);
        }

        Assert.Equal("{\"Records\":[".Length, read[0].Offset);
    }

    [Fact]
    public async Task ReadAsync_HugeRecord_KeepsFields()
    {
        // 300 KB of query text with NUL escapes, far past the 64 KiB starting buffer.
        var query = new StringBuilder("SELECT * FROM logs WHERE id IN (");
        for (var i = 0; i < 30_000; i++)
        {
            query.Append("'\0").Append(i).Append("',");
        }

        var huge = SampleRecords.ApiCall(eventName: "StartQueryExecution", eventSource: "athena.amazonaws.com", eventId: "5e0d7a0c-1111-4c2b-8e8f-0000000000aa");
        huge["requestParameters"] = new JsonObject { ["queryString"] = query.ToString() };
        var file = SampleRecords.LogFile(SampleRecords.ApiCall(), huge, SampleRecords.AccessDenied());

        var read = await new CloudTrailLogReader().ReadAsync(new ChunkedStream(file, 4096)).ToListAsync();

        Assert.Equal(3, read.Count);
        var big = read[1];
        Assert.Equal("StartQueryExecution", big.EventName);
        Assert.Equal(SampleRecords.HoneytokenKey, big.UserIdentity?.AccessKeyId);
        Assert.NotNull(big.RequestParameters);
        Assert.True(big.RequestParameters.IsTruncated);
        Assert.True(big.RequestParameters.OriginalByteLength > 128 * 1024);
        Assert.Contains("\\u0000", big.RequestParameters.Text, StringComparison.Ordinal);
        Assert.True(big.RawRecord.IsTruncated);
        Assert.Equal("ListUsers", read[2].EventName);
    }

    [Fact]
    public async Task ReadAsync_TruncatedFile_ReportsRecordOffset()
    {
        var complete = SampleRecords.LogFile(SampleRecords.ApiCall(), SampleRecords.AccessDenied());
        var secondRecordOffset = Encoding.UTF8.GetString(complete).IndexOf("},{", StringComparison.Ordinal) + 2;
        var truncated = complete[..(secondRecordOffset + 40)];

        var read = new List<CloudTrailRecord>();
        var error = await Assert.ThrowsAsync<CloudTrailLogFormatException>(async () =>
        {
            await foreach (var record in new CloudTrailLogReader().ReadAsync(new ChunkedStream(truncated, 7)))
            {
                read.Add(record);
            }
        });

        Assert.Single(read);
        Assert.Equal(secondRecordOffset, error.Offset);
        Assert.False(string.IsNullOrEmpty(error.Reason));
    }

    [Fact]
    public async Task ReadAsync_TruncatedGzip_RaisesFormatError()
    {
        var gzip = SampleRecords.Gzip(SampleRecords.LogFile(SampleRecords.ApiCall(), SampleRecords.AccessDenied()));

        var error = await Assert.ThrowsAsync<CloudTrailLogFormatException>(
            async () => await new CloudTrailLogReader().ReadAsync(new MemoryStream(gzip[..(gzip.Length / 2)])).ToListAsync());

        Assert.True(error.Offset >= 0);
    }

    [Fact]
    public async Task ReadAsync_InvalidRecord_ReportsItsOffset()
    {
        var text = "{\"Records\":[{\"eventName\":\"A\"},{\"eventName\":\"B\",,}]}";

        var error = await Assert.ThrowsAsync<CloudTrailLogFormatException>(
            async () => await new CloudTrailLogReader().ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text))).ToListAsync());

        Assert.Equal(text.IndexOf("{\"eventName\":\"B\"", StringComparison.Ordinal), error.Offset);
    }

    [Fact]
    public async Task ReadAsync_DocumentWithoutRecords_RaisesFormatError()
    {
        var error = await Assert.ThrowsAsync<CloudTrailLogFormatException>(
            async () => await new CloudTrailLogReader().ReadAsync(new MemoryStream("{\"Events\":[]}"u8.ToArray())).ToListAsync());

        Assert.Contains("Records", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_DigestFile_YieldsNothing()
    {
        var digest = "{\"awsAccountId\":\"210987654321\",\"digestEndTime\":\"2026-11-20T10:00:00Z\",\"digestSignatureAlgorithm\":\"SHA256withRSA\",\"logFiles\":[]}"u8.ToArray();

        var read = await new CloudTrailLogReader().ReadAsync(new MemoryStream(digest)).ToListAsync();

        Assert.Empty(read);
    }

    [Fact]
    public async Task ReadAsync_ContentAfterDocument_RaisesFormatError()
    {
        var text = "{\"Records\":[]} {\"Records\":[]}"u8.ToArray();

        await Assert.ThrowsAsync<CloudTrailLogFormatException>(
            async () => await new CloudTrailLogReader().ReadAsync(new MemoryStream(text)).ToListAsync());
    }

    [Fact]
    public async Task ReadAsync_RecordOverLimit_RaisesFormatError()
    {
        var limits = new CloudTrailParserLimits { MaxRecordBytes = 128 * 1024 };
        var huge = SampleRecords.ApiCall();
        huge["requestParameters"] = new JsonObject { ["policy"] = new string('x', 200_000) };
        var file = SampleRecords.LogFile(SampleRecords.ApiCall(), huge);

        var error = await Assert.ThrowsAsync<CloudTrailLogFormatException>(
            async () => await new CloudTrailLogReader(limits).ReadAsync(new MemoryStream(file)).ToListAsync());

        Assert.Contains("larger than", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_RecordsNotObjects_RaisesFormatError()
    {
        var text = "{\"Records\":[1]}"u8.ToArray();

        var error = await Assert.ThrowsAsync<CloudTrailLogFormatException>(
            async () => await new CloudTrailLogReader().ReadAsync(new MemoryStream(text)).ToListAsync());

        Assert.Equal(12, error.Offset);
    }

    [Fact]
    public async Task ReadAsync_EmptyStream_RaisesFormatError()
    {
        await Assert.ThrowsAsync<CloudTrailLogFormatException>(
            async () => await new CloudTrailLogReader().ReadAsync(new MemoryStream()).ToListAsync());
    }

    [Fact]
    public async Task ReadAsync_Filter_KeepsMatchingWithRawJson()
    {
        var index = new HoneytokenIdentityIndex([new HoneytokenIdentity(SampleRecords.TokenId, [SampleRecords.HoneytokenKey], [], [])]);
        var file = SampleRecords.LogFile(
            SampleRecords.ApiCall(accessKeyId: SampleRecords.OtherKey),
            SampleRecords.Minting("GetSessionToken", "ASIATEMPORARY0000001", "5e0d7a0c-1111-4c2b-8e8f-000000000051"),
            SampleRecords.SessionTokenCall("ASIATEMPORARY0000001", "5e0d7a0c-1111-4c2b-8e8f-000000000052"));
        var seen = new List<CloudTrailRecord>();

        var kept = await new CloudTrailLogReader().ReadAsync(
            new MemoryStream(file),
            record =>
            {
                seen.Add(record);
                return index.Attribute(record).IsAttributed;
            }).ToListAsync();

        Assert.Equal(3, seen.Count);
        Assert.All(seen, record => Assert.Same(BoundedJson.NotCaptured, record.RawRecord));
        Assert.Equal("ASIATEMPORARY0000001", seen[1].IssuedAccessKeyId);
        Assert.Equal(["GetSessionToken", "ListBuckets"], kept.Select(record => record.EventName));
        Assert.All(kept, record => Assert.StartsWith("{\"eventVersion\"", record.RawRecord.Text, StringComparison.Ordinal));
        Assert.NotNull(kept[0].ResponseElements);
        Assert.Equal(seen[1].Offset, kept[0].Offset);
    }

    [Fact]
    public async Task ReadAsync_TinyReads_ParseLargeRecordOnce()
    {
        // A reader that rescanned the record after each 3-byte read would scan it about 175,000 times.
        var huge = SampleRecords.ApiCall();
        huge["requestParameters"] = new JsonObject { ["policy"] = new string('p', 512 * 1024) };
        var file = SampleRecords.LogFile(huge, SampleRecords.AccessDenied());

        var read = await new CloudTrailLogReader().ReadAsync(new ChunkedStream(file, 3)).ToListAsync();

        Assert.Equal(["GetCallerIdentity", "ListUsers"], read.Select(record => record.EventName));
    }
}
