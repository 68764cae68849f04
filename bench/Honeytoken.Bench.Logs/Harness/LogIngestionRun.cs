using System.Diagnostics;
using Honeytoken.Bench.Logs.Baselines;
using Honeytoken.Bench.Logs.Generation;

namespace Honeytoken.Bench.Logs.Harness;

/// <summary>The files of one run: how many, and how many records each.</summary>
internal sealed record FileShape(int Files, int RecordsPerFile)
{
    public override string ToString() => $"{Files}x{RecordsPerFile}";

    public static FileShape Parse(string text)
    {
        var parts = text.Split('x');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var files) || !int.TryParse(parts[1], out var records) || files <= 0 || records <= 0)
        {
            throw new ArgumentException($"Invalid file shape '{text}': expected FILESxRECORDS, for example 200x10000.", nameof(text));
        }

        return new FileShape(files, records);
    }
}

/// <summary>The figures of one run, each beside its baselines over the same files.</summary>
internal sealed record LogIngestionResult(
    FileShape Shape,
    long Records,
    long HoneytokenRecords,
    long CompressedBytes,
    long UncompressedBytes,
    TimeSpan Ingestion,
    TimeSpan Upload,
    TimeSpan LastAnnouncement,
    long EventsStored,
    TimeSpan ParseLimit,
    int ParseLimitMatches,
    TimeSpan Jq,
    int JqMatches,
    long SiloIdleRssBytes,
    long SiloPeakRssBytes);

/// <summary>
/// Log-file ingestion end to end: generated files are put into the emulator's bucket, which
/// announces each through SNS to the Api, and the run ends when every file is done and every
/// honeytoken record is stored as an event. The parse limit and <c>zcat | jq</c> read the same
/// files from disk before the upload.
/// </summary>
internal sealed class LogIngestionRun(string repositoryRoot, string adminConnectionString, string workDirectory)
{
    private const int HoneytokenCount = 5;
    private const int UploadConcurrency = 4;
    private static readonly TimeSpan IngestionTimeout = TimeSpan.FromMinutes(30);

    public async Task<LogIngestionResult> RunAsync(FileShape shape, TextWriter progress)
    {
        var runDirectory = Path.Combine(workDirectory, shape.ToString());
        var logDirectory = Path.Combine(runDirectory, "logs");
        var fileDirectory = Path.Combine(runDirectory, "files");
        if (Directory.Exists(fileDirectory))
        {
            Directory.Delete(fileDirectory, recursive: true);
        }

        Directory.CreateDirectory(logDirectory);
        Directory.CreateDirectory(fileDirectory);

        progress.WriteLine($"[{shape}] starting PostgreSQL database, emulator, silo and Api (logs: {logDirectory})");
        await using var service = await ServiceUnderTest.StartAsync(repositoryRoot, adminConnectionString, $"bench_logs_{shape.Files}_{shape.RecordsPerFile}", logDirectory);
        var keys = await service.CreateTokensAsync(HoneytokenCount);

        progress.WriteLine($"[{shape}] generating {shape.Files} files of {shape.RecordsPerFile} records");
        var generator = new CloudTrailLogGenerator(new CloudTrailLogOptions
        {
            Files = shape.Files,
            RecordsPerFile = shape.RecordsPerFile,
            HoneytokenAccessKeyIds = keys,
            Start = DateTimeOffset.UtcNow.AddHours(-1),
        });
        var files = GenerateToDisk(generator, shape.Files, fileDirectory);
        var expectedHits = files.Sum(file => (long)file.HoneytokenRecords);

        progress.WriteLine($"[{shape}] parse limit: Utf8JsonReader over the gzipped files");
        var (parseLimit, parseMatches) = RunParseLimit(files, keys);

        progress.WriteLine($"[{shape}] baseline: zcat | jq");
        var (jqMatches, jq) = await JqBaseline.RunAsync(fileDirectory, keys);

        // Let the silo settle after start-up, so the idle figure is not a start-up peak.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var idleRss = service.Silo.ReadStatusBytes("VmRSS");

        progress.WriteLine($"[{shape}] ingestion: uploading and waiting for {expectedHits} events");
        var started = DateTimeOffset.UtcNow;
        var upload = Stopwatch.StartNew();
        using (var s3 = service.CreateS3Client())
        {
            await Parallel.ForEachAsync(
                files,
                new ParallelOptions { MaxDegreeOfParallelism = UploadConcurrency },
                async (file, cancellationToken) => await ServiceUnderTest.PutLogObjectAsync(s3, file.Key, await File.ReadAllBytesAsync(file.Path, cancellationToken)));
        }

        upload.Stop();
        var (finished, stored) = await WaitForIngestionAsync(service, shape.Files, expectedHits);
        var peakRss = service.Silo.ReadStatusBytes("VmHWM");

        // When the Api handed the last announcement to its log-file grain, which shows how much
        // of the time the SNS delivery path takes.
        var lastAnnounced = DateTimeOffset.FromUnixTimeMilliseconds(
            await service.ScalarAsync("SELECT (extract(epoch FROM max(first_seen_at)) * 1000)::bigint FROM log_files WHERE object_key LIKE 'AWSLogs/111122223333/%'"));

        return new LogIngestionResult(
            shape,
            files.Sum(file => (long)file.Records),
            expectedHits,
            files.Sum(file => file.CompressedBytes),
            files.Sum(file => file.UncompressedBytes),
            finished - started,
            upload.Elapsed,
            lastAnnounced - started,
            stored,
            parseLimit,
            parseMatches,
            jq,
            jqMatches,
            idleRss,
            peakRss);
    }

    private static List<FileOnDisk> GenerateToDisk(CloudTrailLogGenerator generator, int count, string directory)
    {
        var files = new FileOnDisk[count];
        Parallel.For(0, count, index =>
        {
            var file = generator.GenerateFile(index);
            var path = Path.Combine(directory, file.Key);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, file.Content);
            files[index] = new FileOnDisk(file.Key, path, file.Content.Length, file.UncompressedBytes, file.Records, file.HoneytokenRecords);
        });
        return [.. files];
    }

    private static (TimeSpan Elapsed, int Matches) RunParseLimit(IReadOnlyList<FileOnDisk> files, IEnumerable<string> keys)
    {
        var scanner = new ParseLimitScanner(new HashSet<string>(keys, StringComparer.Ordinal));
        var matches = 0;
        var stopwatch = Stopwatch.StartNew();
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file.Path);
            matches += scanner.ScanGzip(stream).Matches;
        }

        return (stopwatch.Elapsed, matches);
    }

    private static async Task<(DateTimeOffset Finished, long Stored)> WaitForIngestionAsync(ServiceUnderTest service, int files, long expectedEvents)
    {
        var deadline = DateTimeOffset.UtcNow + IngestionTimeout;
        while (true)
        {
            var done = await service.ScalarAsync("SELECT count(*) FROM log_files WHERE status = 'done' AND object_key LIKE 'AWSLogs/111122223333/%'");
            var quarantined = await service.ScalarAsync("SELECT count(*) FROM log_files WHERE status = 'quarantined'");
            var stored = await service.ScalarAsync("SELECT count(*) FROM honeytoken_events");
            if (quarantined > 0)
            {
                throw new InvalidOperationException($"{quarantined} generated files were quarantined; see the log_files table.");
            }

            if (done == files && stored >= expectedEvents)
            {
                // The stored times come from the silo's clock on the same machine.
                var lastEvent = await service.ScalarAsync("SELECT (extract(epoch FROM max(first_received_at)) * 1000000)::bigint FROM honeytoken_events");
                var lastFile = await service.ScalarAsync("SELECT (extract(epoch FROM max(updated_at)) * 1000000)::bigint FROM log_files WHERE status = 'done'");
                var finished = DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(lastEvent, lastFile) / 1000);
                return (finished, stored);
            }

            if (DateTimeOffset.UtcNow > deadline || service.Silo.HasExited)
            {
                throw new TimeoutException($"Ingestion did not finish: {done} of {files} files done, {stored} of {expectedEvents} events stored.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    private sealed record FileOnDisk(string Key, string Path, long CompressedBytes, long UncompressedBytes, int Records, int HoneytokenRecords);
}
