using System.IO.Compression;
using Honeytoken.Bench.Logs.Generation;
using Honeytoken.Grains.Events;

namespace Honeytoken.Benchmarks;

/// <summary>
/// One generated log file of <see cref="RecordCount"/> records, 1 % of them made with one of
/// the first honeytoken keys, in the forms the benchmarks read: gzipped, decompressed and
/// parsed.
/// </summary>
internal sealed class BenchmarkCorpus
{
    public const int RecordCount = 10_000;

    public BenchmarkCorpus(IReadOnlyList<string> honeytokenAccessKeyIds)
    {
        var file = new CloudTrailLogGenerator(new CloudTrailLogOptions
        {
            Files = 1,
            RecordsPerFile = RecordCount,
            HoneytokenAccessKeyIds = honeytokenAccessKeyIds,
        }).GenerateFile(0);

        Gzipped = file.Content;
        HoneytokenRecords = file.HoneytokenRecords;
        using var json = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(Gzipped), CompressionMode.Decompress))
        {
            gzip.CopyTo(json);
        }

        Json = json.ToArray();
        Records = ReadAll(Json);
        RecordJson = [.. Records.Select(record => System.Text.Encoding.UTF8.GetBytes(record.RawRecord.Text))];
    }

    public byte[] Gzipped { get; }

    public byte[] Json { get; }

    public int HoneytokenRecords { get; }

    /// <summary>The records as the product's reader returns them.</summary>
    public IReadOnlyList<CloudTrailRecord> Records { get; }

    /// <summary>The UTF-8 text of each record on its own.</summary>
    public IReadOnlyList<byte[]> RecordJson { get; }

    /// <summary>Honeytoken key ids in the same form as the generated keys.</summary>
    public static IReadOnlyList<string> HoneytokenKeys(int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"AKIAHT{i:D14}")];

    private static List<CloudTrailRecord> ReadAll(byte[] json)
    {
        var records = new List<CloudTrailRecord>();
        var reader = new CloudTrailLogReader();
        var enumerator = reader.ReadAsync(new MemoryStream(json)).GetAsyncEnumerator();
        while (enumerator.MoveNextAsync().AsTask().GetAwaiter().GetResult())
        {
            records.Add(enumerator.Current);
        }

        return records;
    }
}
