using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Honeytoken.Testing;

namespace Honeytoken.Bench.Service;

/// <summary>Settings of the silo that a scenario may change, passed as environment variables.</summary>
public sealed record SiloSettings
{
    /// <summary>Honeytoken:Provisioning:MaxConcurrentKeys; null keeps the product's default.</summary>
    public int? MaxConcurrentKeys { get; init; }

    /// <summary>Honeytoken:Provisioning:StepInterval; null keeps the product's default.</summary>
    public TimeSpan? StepInterval { get; init; }
}

/// <summary>
/// The whole service as separate processes on loopback, on ports chosen at run time. It uses
/// a database of its own on the benchmark's PostgreSQL server, and starts the AWS emulator,
/// one silo and the Api from their Release builds as deploy/local/run.sh starts them.
/// </summary>
public sealed class ServiceUnderTest : IAsyncDisposable
{
    public const string WebhookHeader = "X-Honeytoken-Webhook-Key";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly string clusterId = $"bench-{Guid.NewGuid():N}"[..20];
    private readonly string encryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private readonly HttpClient probe = new() { Timeout = TimeSpan.FromSeconds(5) };

    private ServiceUnderTest(string repositoryRoot, string logDirectory, PostgresTestDatabase database)
    {
        RepositoryRoot = repositoryRoot;
        LogDirectory = logDirectory;
        Database = database;
        AdminToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        WebhookKey = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
    }

    public string RepositoryRoot { get; }

    public string LogDirectory { get; }

    public PostgresTestDatabase Database { get; }

    /// <summary>The Api's bootstrap token, with every scope.</summary>
    public string AdminToken { get; }

    /// <summary>The real-time webhook key of the uploaded configuration.</summary>
    public string WebhookKey { get; }

    public ChildProcess Emulator { get; private set; } = null!;

    public Uri EmulatorUri { get; private set; } = null!;

    public ChildProcess? Silo { get; private set; }

    public int SiloHealthPort { get; private set; }

    public ChildProcess Api { get; private set; } = null!;

    public Uri ApiUri { get; private set; } = null!;

    /// <summary>Creates a migrated database and starts the emulator. The silo and the Api start separately.</summary>
    public static async Task<ServiceUnderTest> CreateAsync(string repositoryRoot, string logDirectory)
    {
        Directory.CreateDirectory(logDirectory);
        var database = await PostgresTestDatabase.CreateAsync();
        var service = new ServiceUnderTest(repositoryRoot, logDirectory, database);
        await service.StartEmulatorAsync();
        return service;
    }

    /// <summary>Returns a free TCP port on loopback. Another process may take it before it is used, which start-up then reports.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts the silo and returns the time from process start to its /readyz returning 200.</summary>
    public async Task<TimeSpan> StartSiloAsync(SiloSettings settings)
    {
        if (Silo is not null)
        {
            throw new InvalidOperationException("The silo is running already; stop it first.");
        }

        SiloHealthPort = FreePort();
        var environment = CommonEnvironment();
        environment["Orleans__SiloName"] = "bench-silo";
        environment["Orleans__SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Orleans__GatewayPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Honeytoken__Health__Port"] = SiloHealthPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        environment["Honeytoken__Alerts__DashboardUrl"] = "http://127.0.0.1:8080";
        if (settings.MaxConcurrentKeys is { } concurrency)
        {
            environment["Honeytoken__Provisioning__MaxConcurrentKeys"] = concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (settings.StepInterval is { } interval)
        {
            environment["Honeytoken__Provisioning__StepInterval"] = interval.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Silo = ChildProcess.StartDotnet("silo", Output("Silo/Honeytoken.Silo", "Honeytoken.Silo.dll"), [], environment, Path.Combine(LogDirectory, "silo.log"));
        await WaitForReadyAsync(Silo, new Uri($"http://127.0.0.1:{SiloHealthPort}/readyz"));
        return clock.Elapsed;
    }

    public async Task StopSiloAsync()
    {
        if (Silo is not null)
        {
            await Silo.DisposeAsync();
            Silo = null;
        }
    }

    /// <summary>Starts the Api, an Orleans client of the silo, and waits for its /readyz.</summary>
    public async Task StartApiAsync()
    {
        var port = FreePort();
        ApiUri = new Uri($"http://127.0.0.1:{port}/");
        var environment = CommonEnvironment();
        environment["HONEYTOKEN_BOOTSTRAP_TOKEN"] = AdminToken;
        environment["Honeytoken__Bootstrap__TokenFile"] = Path.Combine(LogDirectory, "admin-token");

        // The REST API allows 600 requests a minute per token by default; the scenarios make
        // more set-up calls than that with the one admin token.
        environment["Honeytoken__RateLimits__PermitsPerWindow"] = "1000000";
        Api = ChildProcess.StartDotnet("api", Output("Api/Honeytoken.Api", "Honeytoken.Api.dll"), ["--urls", ApiUri.ToString().TrimEnd('/')], environment, Path.Combine(LogDirectory, "api.log"));
        await WaitForReadyAsync(Api, new Uri(ApiUri, "readyz"));
    }

    /// <summary>Returns an aws_honeytoken_config.json for the emulator, built from deploy/local's sample.</summary>
    public string ConfigurationFile(int poolSize, int memberAccounts)
    {
        var sample = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "deploy/local/aws_honeytoken_config.json")))!.AsObject();
        var endpoint = EmulatorUri.ToString().TrimEnd('/');
        sample["pool"]!["size"] = poolSize;
        sample["organization"]!["member_accounts"] = memberAccounts;
        sample["realtime"] = new JsonObject { ["webhook_header_name"] = WebhookHeader, ["webhook_key"] = WebhookKey };
        sample["endpoints"] = new JsonObject
        {
            ["sts"] = endpoint,
            ["regional_sts"] = endpoint,
            ["iam"] = endpoint,
            ["s3_access_point"] = endpoint,
            ["organizations"] = endpoint,
        };
        return sample.ToJsonString();
    }

    /// <summary>Opens a connection to the service's database.</summary>
    public Task<Npgsql.NpgsqlConnection> OpenDatabaseAsync() => Database.OpenConnectionAsync();

    /// <summary>The Orleans cluster id the silo and the Api use, so that an extra client can join.</summary>
    public string ClusterId => clusterId;

    public async ValueTask DisposeAsync()
    {
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        await StopSiloAsync();
        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        await Database.DisposeAsync();
        probe.Dispose();
    }

    private async Task StartEmulatorAsync()
    {
        // The sample seed, with room for the member accounts of the scale scenario and without
        // delivery targets, because its targets point at port 8080, which another program may use.
        var seed = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot, "deploy/local/emulator-seed.json")))!.AsObject();
        seed["organization"]!["accountLimit"] = 100;
        seed.Remove("deliveries");
        var seedFile = Path.Combine(LogDirectory, "emulator-seed.json");
        await File.WriteAllTextAsync(seedFile, seed.ToJsonString());

        var port = FreePort();
        EmulatorUri = new Uri($"http://127.0.0.1:{port}/");
        Emulator = ChildProcess.StartDotnet(
            "emulator",
            Output("deploy/local/Honeytoken.AwsEmulator", "Honeytoken.AwsEmulator.dll"),
            ["--urls", EmulatorUri.ToString().TrimEnd('/'), "--seed", seedFile, "--create-account-seconds", "0.2",
             "--realtime-delay-seconds", "0", "--log-file-interval-seconds", "3600"],
            new Dictionary<string, string>(),
            Path.Combine(LogDirectory, "emulator.log"));
        await WaitForReadyAsync(Emulator, new Uri(EmulatorUri, "_emulator/health"));
    }

    private Dictionary<string, string> CommonEnvironment() => new()
    {
        ["ConnectionStrings__Honeytoken"] = Database.ConnectionString,
        ["Orleans__ClusterId"] = clusterId,
        ["Orleans__ServiceId"] = clusterId,
        ["Honeytoken__Secrets__EncryptionKey"] = encryptionKey,
        ["Aws__Endpoints__S3Proxy"] = EmulatorUri.ToString(),
        ["Sns__AllowHttpForAllowedHosts"] = "true",
        ["Sns__AllowedCertificateHosts__0"] = EmulatorUri.Authority,
    };

    private string Output(string project, string assembly) =>
        Path.Combine(RepositoryRoot, project, "bin", "Release", "net10.0", assembly);

    private async Task WaitForReadyAsync(ChildProcess process, Uri readiness)
    {
        var deadline = DateTimeOffset.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited during start-up; see {Path.Combine(LogDirectory, process.Name + ".log")}.");
            }

            try
            {
                using var response = await probe.GetAsync(readiness);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // The probe timed out; try again.
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{readiness} did not return 200 within {StartTimeout.TotalSeconds} s; see the logs in {LogDirectory}.");
            }

            await Task.Delay(50);
        }
    }
}
