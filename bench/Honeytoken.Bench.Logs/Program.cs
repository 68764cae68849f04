using Honeytoken.Bench.Logs.Generation;
using Honeytoken.Bench.Logs.Harness;

// Commands:
//   generate --out DIR [--files N] [--records N] [--rate R] [--keys KEY,KEY] [--seed N]
//       Writes gzipped CloudTrail log files under DIR in the layout of a trail's bucket.
//   ingest --repo DIR --postgres CONNECTION --work DIR [--shapes 200x10000,...] [--report FILE]
//       Runs log-file ingestion end to end against its baselines for each FILESxRECORDS shape.
var command = args.Length > 0 ? args[0] : "--help";
var options = ParseOptions(args.Skip(1).ToArray());
try
{
    switch (command)
    {
        case "generate":
            return Generate(options);
        case "ingest":
            return await IngestAsync(options);
        default:
            Console.Error.WriteLine("""
                Usage:
                  Honeytoken.Bench.Logs generate --out DIR [--files N] [--records N] [--rate R] [--keys KEY,KEY] [--seed N]
                  Honeytoken.Bench.Logs ingest --repo DIR --postgres CONNECTION --work DIR [--shapes 200x10000,100x1000] [--report FILE]
                """);
            return command is "--help" or "-h" ? 0 : 2;
    }
}
catch (ArgumentException exception)
{
    Console.Error.WriteLine($"error: {exception.Message}");
    return 2;
}

static int Generate(Dictionary<string, string> options)
{
    var output = Required(options, "out");
    var generator = new CloudTrailLogGenerator(new CloudTrailLogOptions
    {
        Files = int.Parse(options.GetValueOrDefault("files", "200"), System.Globalization.CultureInfo.InvariantCulture),
        RecordsPerFile = int.Parse(options.GetValueOrDefault("records", "10000"), System.Globalization.CultureInfo.InvariantCulture),
        HoneytokenRate = double.Parse(options.GetValueOrDefault("rate", "0.01"), System.Globalization.CultureInfo.InvariantCulture),
        HoneytokenAccessKeyIds = options.GetValueOrDefault("keys", "AKIAHONEYTOKENBENCH1").Split(',', StringSplitOptions.RemoveEmptyEntries),
        Seed = int.Parse(options.GetValueOrDefault("seed", "1"), System.Globalization.CultureInfo.InvariantCulture),
    });

    long records = 0, hits = 0, compressed = 0, uncompressed = 0;
    foreach (var file in generator.GenerateAll())
    {
        var path = Path.Combine(output, file.Key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, file.Content);
        records += file.Records;
        hits += file.HoneytokenRecords;
        compressed += file.Content.Length;
        uncompressed += file.UncompressedBytes;
    }

    Console.WriteLine($"{records} records, {hits} with a honeytoken key, {compressed} bytes gzipped, {uncompressed} bytes of JSON, under {output}");
    return 0;
}

static async Task<int> IngestAsync(Dictionary<string, string> options)
{
    var shapes = options.GetValueOrDefault("shapes", "200x10000").Split(',').Select(FileShape.Parse).ToList();
    var run = new LogIngestionRun(Path.GetFullPath(Required(options, "repo")), Required(options, "postgres"), Path.GetFullPath(Required(options, "work")));
    var results = new List<LogIngestionResult>();
    foreach (var shape in shapes)
    {
        results.Add(await run.RunAsync(shape, Console.Error));
    }

    var report = LogIngestionReport.Format(results);
    Console.WriteLine(report);
    if (options.TryGetValue("report", out var reportPath))
    {
        await File.WriteAllTextAsync(reportPath, report);
    }

    return 0;
}

static Dictionary<string, string> ParseOptions(string[] arguments)
{
    var options = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i < arguments.Length; i++)
    {
        if (!arguments[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= arguments.Length)
        {
            throw new ArgumentException($"Unexpected argument '{arguments[i]}': options are --name value pairs.");
        }

        options[arguments[i][2..]] = arguments[++i];
    }

    return options;
}

static string Required(Dictionary<string, string> options, string name) =>
    options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"The option --{name} is missing.");
