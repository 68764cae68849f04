using System.Globalization;
using Honeytoken.Bench.Service;
using Honeytoken.Bench.Service.Scenarios;
using Npgsql;

// Two modes: "bare-endpoint" serves the webhook baseline in its own process, and "run"
// (the default) starts the service and runs the scenarios. See bench/service.sh.
if (args is ["bare-endpoint", "--urls", var urls])
{
    await BareEndpoint.RunAsync(urls);
    return 0;
}

var options = BenchOptions.Parse(args);
if (options.Error is not null)
{
    await Console.Error.WriteLineAsync(options.Error);
    await Console.Error.WriteLineAsync(BenchOptions.Usage);
    return 2;
}

var repositoryRoot = BenchOptions.FindRepositoryRoot();
var logDirectory = options.LogDirectory ?? Path.Combine(repositoryRoot, ".data", "bench-service");
var results = new ResultTable();

await using (var service = await ServiceUnderTest.CreateAsync(repositoryRoot, logDirectory))
{
    var emptySiloStartUp = await service.StartSiloAsync(new SiloSettings());
    await service.StartApiAsync();

    // The memory baseline: a silo on an empty database, settled after start-up.
    await Task.Delay(TimeSpan.FromSeconds(10));
    var emptySiloResident = service.Silo!.ResidentBytes();
    using var api = new ApiClient(service.ApiUri, service.AdminToken);

    string postgresVersion;
    await using (var connection = await service.OpenDatabaseAsync())
    await using (var command = new NpgsqlCommand("SHOW server_version", connection))
    {
        postgresVersion = $"PostgreSQL {await command.ExecuteScalarAsync()}";
    }

    Console.Error.WriteLine($"bench: machine: {MachineDescription.Describe(postgresVersion)}");
    results.Note($"Machine: {MachineDescription.Describe(postgresVersion)}. Shared with other work while measuring, so compare ratios within this run.");

    if (options.Runs("provisioning"))
    {
        await new ProvisioningScenario(service, api, results, options.ProvisioningKeys, options.IamCallsPerSecond).RunAsync();
    }
    else
    {
        await FillPoolAsync(api, service);
    }

    if (options.Runs("webhook"))
    {
        await new WebhookScenario(service, api, results, logDirectory).RunAsync();
    }

    if (options.Runs("alert"))
    {
        await new AlertScenario(service, api, results).RunAsync();
    }

    if (options.Runs("scale"))
    {
        await new ScaleScenario(service, api, results, options.ScaleTokens, emptySiloStartUp, emptySiloResident).RunAsync();
    }
}

var table = results.ToMarkdown();
Console.WriteLine(table);
if (options.ResultsFile is not null)
{
    await File.WriteAllTextAsync(options.ResultsFile, table);
}

return 0;

static async Task FillPoolAsync(ApiClient api, ServiceUnderTest service)
{
    await api.UploadConfigurationAsync(service.ConfigurationFile(poolSize: 300, memberAccounts: 1));
    while ((await api.GetSetupAsync())["phase"]?.GetValue<string>() != "ready")
    {
        await Task.Delay(500);
    }
}

/// <summary>The command line of a run.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        Usage: Honeytoken.Bench.Service [run] [options]
          --scenarios LIST          comma-separated: provisioning, webhook, alert, scale (default: all)
          --scale-tokens N          honeytokens for the scale scenario (default 100000)
          --provisioning-keys N     keys the provisioning scenario makes (default 500)
          --iam-calls-per-second N  the emulator's IAM rate limit in the provisioning scenario (default 20)
          --log-dir DIR             process logs and scripts (default .data/bench-service)
          --results FILE            also write the result table to FILE
        Needs HONEYTOKEN_TEST_POSTGRES (an admin connection string) and wrk on PATH.
        """;

    private HashSet<string> scenarios = ["provisioning", "webhook", "alert", "scale"];

    public int ScaleTokens { get; private set; } = 100_000;

    public int ProvisioningKeys { get; private set; } = 500;

    public int IamCallsPerSecond { get; private set; } = 20;

    public string? LogDirectory { get; private set; }

    public string? ResultsFile { get; private set; }

    public string? Error { get; private set; }

    public bool Runs(string scenario) => scenarios.Contains(scenario);

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        var rest = args is ["run", .. var tail] ? tail : args;
        for (var i = 0; i < rest.Length; i++)
        {
            if (i + 1 >= rest.Length)
            {
                options.Error = $"Option {rest[i]} needs a value.";
                return options;
            }

            var value = rest[++i];
            switch (rest[i - 1])
            {
                case "--scenarios":
                    options.scenarios = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    break;
                case "--scale-tokens":
                    options.ScaleTokens = options.Positive(rest[i - 1], value);
                    break;
                case "--provisioning-keys":
                    options.ProvisioningKeys = options.Positive(rest[i - 1], value);
                    break;
                case "--iam-calls-per-second":
                    options.IamCallsPerSecond = options.Positive(rest[i - 1], value);
                    break;
                case "--log-dir":
                    options.LogDirectory = Path.GetFullPath(value);
                    break;
                case "--results":
                    options.ResultsFile = Path.GetFullPath(value);
                    break;
                default:
                    options.Error = $"Unknown option {rest[i - 1]}.";
                    return options;
            }
        }

        var unknown = options.scenarios.Except(["provisioning", "webhook", "alert", "scale"]).ToList();
        if (unknown.Count > 0)
        {
            options.Error = $"Unknown scenario '{unknown[0]}'; use provisioning, webhook, alert or scale.";
        }

        return options;
    }

    /// <summary>Returns the folder that contains HoneytokenOrleans.sln, searching up from this assembly.</summary>
    public static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "HoneytokenOrleans.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No HoneytokenOrleans.sln above {AppContext.BaseDirectory}; run the benchmark from its build output in the repository.");
    }

    private int Positive(string name, string value)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            return number;
        }

        Error ??= $"Option {name} has invalid value '{value}'; use a positive whole number.";
        return 1;
    }
}
