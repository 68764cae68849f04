using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Control;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.Silo.Storage;
using Honeytoken.Testing;
using Honeytoken.Testing.Processes;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Honeytoken.Fault.Tests.Infrastructure;

/// <summary>
/// The whole service as separate processes on loopback, as deploy/local/cluster.sh runs it:
/// a PostgreSQL server of its own, the AWS emulator, three silos and the Api, plus a webhook
/// alert destination. Every port is chosen at run time. The configuration is uploaded through
/// the Api, as an operator does, and provisioning starts from it.
/// </summary>
internal sealed class FaultCluster : IAsyncDisposable
{
    public const int SiloCount = 3;

    /// <summary>Keys kept in the pool; provisioning refills it whenever a token is handed out.</summary>
    public const int PoolSize = 30;

    private const string DatabaseName = "honeytoken";
    private const string WebhookKey = "fault-tests-realtime-webhook-key-0123456789";
    private const string WebhookHeader = "X-Honeytoken-Webhook-Key";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly string adminToken = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly string encryptionKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
    private readonly SiloSlot[] silos = new SiloSlot[SiloCount];
    private ChildProcess? emulator;
    private ChildProcess? api;

    private FaultCluster(string logDirectory) => LogDirectory = logDirectory;

    /// <summary>The folder with one log file per process.</summary>
    public string LogDirectory { get; }

    public PostgresServer Postgres { get; private set; } = null!;

    public string ConnectionString => Postgres.ConnectionString(DatabaseName);

    public Uri EmulatorUri { get; private set; } = null!;

    public EmulatorControlClient Emulator { get; private set; } = null!;

    public Uri ApiUri { get; private set; } = null!;

    /// <summary>A client of the Api with the admin token.</summary>
    public HttpClient Api { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public AlertReceiver Alerts { get; private set; } = null!;

    public IReadOnlyList<SiloSlot> Silos => silos;

    /// <summary>Starts every process, waits until each is ready, and uploads the configuration.</summary>
    public static async Task<FaultCluster> StartAsync(string name)
    {
        var logDirectory = Path.Combine(Path.GetTempPath(), $"honeytoken-fault-{name}-{DateTime.UtcNow:yyyyMMdd'T'HHmmss}");
        var cluster = new FaultCluster(logDirectory);
        try
        {
            await cluster.StartProcessesAsync();
            await cluster.ConfigureAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>Kills a silo with SIGKILL: no shutdown, its grains and connections vanish.</summary>
    public Task KillSiloAsync(int index) => silos[index].Process!.KillAsync();

    /// <summary>Stops a silo with SIGTERM and waits for it to leave the cluster.</summary>
    public Task StopSiloAsync(int index) => silos[index].Process!.StopAsync(TimeSpan.FromSeconds(60));

    /// <summary>Starts a stopped or killed silo again on its ports and waits until it is ready.</summary>
    public async Task StartSiloAsync(int index)
    {
        var slot = silos[index];
        var old = slot.Process!;
        slot.Process = old.StartAgain();
        await old.DisposeAsync();
        await WaitUntilReadyAsync(slot.HealthUri, slot.Process);
    }

    /// <summary>Returns the setup progress that the Api reports.</summary>
    public async Task<JsonObject> GetSetupAsync() =>
        (await Api.GetFromJsonAsync<JsonObject>(new Uri(ApiUri, "/v1/admin/honeytoken/setup")))!;

    /// <summary>Creates a honeytoken through the Api and returns its id and key pair.</summary>
    public async Task<IssuedToken> CreateTokenAsync(string name)
    {
        using var response = await Api.PostAsJsonAsync(new Uri(ApiUri, "/v1/honeytokens?show_token=true"), new { name, description = "fault test" });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"POST /v1/honeytokens returned {(int)response.StatusCode}: {body}");
        }

        var json = JsonNode.Parse(body)!;
        return new IssuedToken(
            Guid.Parse(json["id"]!.GetValue<string>()),
            name,
            json["token"]!["access_token_id"]!.GetValue<string>(),
            json["token"]!["secret_key"]!.GetValue<string>());
    }

    /// <summary>Opens a connection to the service's database.</summary>
    public async Task<NpgsqlConnection> OpenDatabaseAsync()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>Returns the last lines of every process log, for a failure message.</summary>
    public string DescribeLogs()
    {
        var text = new StringBuilder($"Process logs are in {LogDirectory}.");
        foreach (var process in silos.Select(slot => slot.Process).Append(api).OfType<ChildProcess>())
        {
            text.Append("\n--- ").Append(process.Name).Append(" (last lines) ---\n").Append(process.Tail(15));
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        // The Api first, then the silos, as a cluster stops; whatever runs at the end is killed.
        if (api is not null)
        {
            await api.DisposeAsync();
        }

        foreach (var slot in silos.Where(slot => slot?.Process is not null))
        {
            await slot.Process!.DisposeAsync();
        }

        if (emulator is not null)
        {
            await emulator.DisposeAsync();
        }

        Emulator?.Dispose();
        if (Alerts is not null)
        {
            await Alerts.DisposeAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }

        Api.Dispose();
    }

    private async Task StartProcessesAsync()
    {
        Postgres = await PostgresServer.StartAsync();
        await Postgres.CreateDatabaseAsync(DatabaseName);

        // Migrated once here, so that three silos starting together do not all migrate.
        await new DatabaseMigrator(ConnectionString, NullLogger<DatabaseMigrator>.Instance, TimeProvider.System).MigrateAsync(CancellationToken.None);

        var emulatorPort = FreeTcpPort.Next();
        EmulatorUri = new Uri($"http://127.0.0.1:{emulatorPort}/");
        emulator = ChildProcess.Start(new ChildProcessSpec(
            "emulator",
            "dotnet",
            [BuildOutputs.Emulator, "--urls", EmulatorUri.ToString().TrimEnd('/'),
             "--create-account-seconds", "1",
             "--realtime-delay-seconds", "0",
             "--log-file-interval-seconds", "5",
             // EventBridge and SNS retry for hours; 12 attempts from 0.5 s, doubled each time,
             // span about 30 minutes, longer than any outage here.
             "--webhook-attempts", "12",
             "--webhook-backoff-seconds", "0.5"],
            new Dictionary<string, string?>(),
            Path.Combine(LogDirectory, "emulator.log")));
        Emulator = new EmulatorControlClient(EmulatorUri);
        await WaitUntilReadyAsync(new Uri(EmulatorUri, "/_emulator/health"), emulator);

        for (var index = 0; index < SiloCount; index++)
        {
            silos[index] = new SiloSlot($"silo-{index + 1}", FreeTcpPort.Next(), FreeTcpPort.Next(), FreeTcpPort.Next());
            silos[index].Process = ChildProcess.Start(SiloSpec(silos[index]));
        }

        foreach (var slot in silos)
        {
            await WaitUntilReadyAsync(slot.HealthUri, slot.Process!);
        }

        var apiPort = FreeTcpPort.Next();
        ApiUri = new Uri($"http://127.0.0.1:{apiPort}/");
        api = ChildProcess.Start(new ChildProcessSpec(
            "api",
            "dotnet",
            [BuildOutputs.Api, "--urls", ApiUri.ToString().TrimEnd('/')],
            new Dictionary<string, string?>
            {
                ["ConnectionStrings__Honeytoken"] = ConnectionString,
                ["HONEYTOKEN_BOOTSTRAP_TOKEN"] = adminToken,
                ["Honeytoken__Bootstrap__TokenFile"] = Path.Combine(LogDirectory, "admin-token"),
                ["Logging__LogLevel__Default"] = "Warning",
            },
            Path.Combine(LogDirectory, "api.log")));
        await WaitUntilReadyAsync(new Uri(ApiUri, "/readyz"), api);
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", adminToken);

        Alerts = await AlertReceiver.StartAsync();
    }

    private ChildProcessSpec SiloSpec(SiloSlot slot) => new(
        slot.Name,
        "dotnet",
        [BuildOutputs.Silo],
        new Dictionary<string, string?>
        {
            ["ConnectionStrings__Honeytoken"] = ConnectionString,
            ["Orleans__SiloName"] = slot.Name,
            ["Orleans__SiloPort"] = slot.SiloPort.ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = slot.GatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Honeytoken__Health__Port"] = slot.HealthPort.ToString(CultureInfo.InvariantCulture),
            ["Honeytoken__Secrets__EncryptionKey"] = encryptionKey,
            ["Aws__Endpoints__S3Proxy"] = EmulatorUri.ToString(),

            // The emulator signs SNS messages with a certificate served over http on its port.
            ["Sns__AllowHttpForAllowedHosts"] = "true",
            ["Sns__AllowedCertificateHosts__0"] = EmulatorUri.Authority,

            // A dead silo is suspected after 2 missed probes of 2 s, fewer and shorter than
            // Orleans' defaults, and reminders may tick every few seconds, so that a test
            // waits seconds instead of minutes for the cluster to take over.
            ["Orleans__Membership__ProbeTimeout"] = "00:00:02",
            ["Orleans__Membership__NumMissedProbesLimit"] = "2",
            ["Orleans__Membership__TableRefreshTimeout"] = "00:00:02",
            ["Orleans__Membership__IAmAliveTablePublishTimeout"] = "00:00:05",
            ["Orleans__ReminderService__MinimumReminderPeriod"] = "00:00:01",
            ["Honeytoken__Provisioning__StepInterval"] = "00:00:00.100",
            ["Honeytoken__Provisioning__AccountPollInterval"] = "00:00:00.500",
            ["Honeytoken__Provisioning__RetryDelay"] = "00:00:01",
            ["Honeytoken__Provisioning__ReminderPeriod"] = "00:00:05",
            ["Honeytoken__Alerts__ReminderPeriod"] = "00:00:03",
            ["Honeytoken__Alerts__InitialRetryDelay"] = "00:00:00.500",
            ["Honeytoken__Alerts__MaxRetryDelay"] = "00:00:02",
            ["Ingestion__LogFileRetryPeriod"] = "00:00:03",
            ["Ingestion__ConfigurationCacheDuration"] = "00:00:01",
            ["Logging__LogLevel__Default"] = "Warning",
        },
        Path.Combine(LogDirectory, $"{slot.Name}.log"));

    private async Task ConfigureAsync()
    {
        // The destination first, so that no alert of the scenario goes to no one.
        using var destination = await Api.PostAsJsonAsync(new Uri(ApiUri, "/v1/admin/notifications/destinations"),
            new { type = "webhook", name = "fault-tests", url = Alerts.Url, allow_private_network = true, coalesce_window_seconds = 1 });
        await EnsureSuccessAsync(destination, "creating the alert destination");

        // AWS delivers before the upload, as an installation's EventBridge rule and SNS
        // subscription exist before the service is configured. The upload's own AWS calls
        // are then delivered while the file is being validated, which the service must ride out.
        await Emulator.SetDeliveriesAsync(new DeliveryTargets
        {
            RealTimeUrl = new Uri(ApiUri, "/webhooks/aws/realtime").ToString(),
            RealTimeHeaderName = WebhookHeader,
            RealTimeApiKey = WebhookKey,
            SnsEndpointUrl = new Uri(ApiUri, "/webhooks/aws/sns").ToString(),
        });

        var configuration = await Emulator.GetHoneytokenConfigAsync();
        configuration["organization"]!["member_accounts"] = 1;
        configuration["pool"]!["size"] = PoolSize;
        configuration["realtime"] = new JsonObject { ["webhook_header_name"] = WebhookHeader, ["webhook_key"] = WebhookKey };
        using var upload = await Api.PutAsync(new Uri(ApiUri, "/v1/admin/honeytoken/config"),
            new StringContent(configuration.ToJsonString(), Encoding.UTF8, "application/json"));
        await EnsureSuccessAsync(upload, "uploading the configuration");

        await Poll.UntilAsync(
            async () =>
            {
                await using var connection = await OpenDatabaseAsync();
                await using var command = new NpgsqlCommand("SELECT count(*) FROM sns_subscription_events WHERE event_type = 'confirmed'", connection);
                return (long)(await command.ExecuteScalarAsync())!;
            },
            count => count > 0,
            StartTimeout,
            "the SNS subscription of the log topic to be confirmed");
    }

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, string step)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{step} failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private async Task WaitUntilReadyAsync(Uri url, ChildProcess process)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited during start-up; see {process.Spec.LogFile}:\n{process.Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(url);
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
                // Listening but busy starting.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"{url} did not return 200 within {StartTimeout.TotalSeconds} s; see {process.Spec.LogFile}:\n{process.Tail()}");
    }

}

/// <summary>One silo's name and ports, and the process that currently runs it.</summary>
internal sealed class SiloSlot(string name, int siloPort, int gatewayPort, int healthPort)
{
    public string Name { get; } = name;

    public int SiloPort { get; } = siloPort;

    public int GatewayPort { get; } = gatewayPort;

    public int HealthPort { get; } = healthPort;

    public Uri HealthUri => new($"http://127.0.0.1:{HealthPort}/readyz");

    public ChildProcess? Process { get; set; }
}

/// <summary>A honeytoken handed out by the Api, with its key pair.</summary>
internal sealed record IssuedToken(Guid Id, string Name, string AccessKeyId, string SecretAccessKey);
