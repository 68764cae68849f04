using BenchmarkDotNet.Attributes;
using Honeytoken.Bench.Logs.Baselines;
using Honeytoken.Grains.Events;

namespace Honeytoken.Benchmarks;

/// <summary>
/// Reading one log file of 10,000 records with the product's reader, beside the parse limit
/// (a bare <see cref="System.Text.Json.Utf8JsonReader"/> pass over the same bytes) and beside
/// decompression alone. Each operation is one whole file.
/// </summary>
[MemoryDiagnoser]
public class LogFileReadingBenchmarks
{
    private BenchmarkCorpus _corpus = null!;
    private ParseLimitScanner _scanner = null!;
    private CloudTrailLogReader _reader = null!;

    [GlobalSetup]
    public void Setup()
    {
        var keys = BenchmarkCorpus.HoneytokenKeys(5);
        _corpus = new BenchmarkCorpus(keys);
        _scanner = new ParseLimitScanner(new HashSet<string>(keys, StringComparer.Ordinal));
        _reader = new CloudTrailLogReader();
    }

    [Benchmark(Description = "gunzip only")]
    public void Gunzip()
    {
        using var gzip = new System.IO.Compression.GZipStream(new MemoryStream(_corpus.Gzipped), System.IO.Compression.CompressionMode.Decompress);
        gzip.CopyTo(Stream.Null);
    }

    [Benchmark(Baseline = true, Description = "parse limit, gzipped")]
    public int ParseLimitGzip() => _scanner.ScanGzip(new MemoryStream(_corpus.Gzipped)).Matches;

    [Benchmark(Description = "CloudTrailLogReader, gzipped")]
    public Task<int> ReaderGzip() => CountAsync(_corpus.Gzipped);

    [Benchmark(Description = "parse limit, JSON")]
    public int ParseLimitJson() => _scanner.Scan(new MemoryStream(_corpus.Json)).Matches;

    [Benchmark(Description = "CloudTrailLogReader, JSON")]
    public Task<int> ReaderJson() => CountAsync(_corpus.Json);

    private async Task<int> CountAsync(byte[] file)
    {
        var count = 0;
        await foreach (var record in _reader.ReadAsync(new MemoryStream(file)))
        {
            count += record.UserIdentity is null ? 0 : 1;
        }

        return count;
    }
}

/// <summary>Parsing single records, as the reader does once per record; each operation is one record.</summary>
[MemoryDiagnoser]
public class RecordParsingBenchmarks
{
    private BenchmarkCorpus _corpus = null!;

    [GlobalSetup]
    public void Setup() => _corpus = new BenchmarkCorpus(BenchmarkCorpus.HoneytokenKeys(5));

    [Benchmark(Baseline = true, OperationsPerInvoke = BenchmarkCorpus.RecordCount, Description = "parse with raw JSON")]
    public int ParseWithRawJson()
    {
        var sum = 0;
        foreach (var json in _corpus.RecordJson)
        {
            sum += CloudTrailRecordParser.Parse(json, 0, CloudTrailParserLimits.Default).EventName?.Length ?? 0;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = BenchmarkCorpus.RecordCount, Description = "parse without raw JSON")]
    public int ParseWithoutRawJson()
    {
        var sum = 0;
        foreach (var json in _corpus.RecordJson)
        {
            sum += CloudTrailRecordParser.Parse(json, 0, CloudTrailParserLimits.Default, captureRawJson: false).EventName?.Length ?? 0;
        }

        return sum;
    }
}
