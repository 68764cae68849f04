extern alias api;

using System.Text;
using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.Grains.Setup;
using Honeytoken.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using NpgsqlTypes;
using Orleans.TestingHost;

namespace Honeytoken.Dashboard.Tests.Infrastructure;

/// <summary>
/// The world of the browser tests: a migrated PostgreSQL database, the AWS emulator, a one-silo
/// TestCluster running the application's grains, the Api on a loopback port, and headless
/// Chromium from Debian's chromium package driven by Playwright.
/// </summary>
public sealed class DashboardHarness : IAsyncLifetime
{
    /// <summary>The browser binary; Playwright's own download is not used.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    public const string WebhookHeader = "X-Honeytoken-Webhook-Key";

    public const string WebhookKey = "dashboard-tests-webhook-key-0123456789abcdef";

    /// <summary>The key pool size of the uploaded configuration: small, so provisioning ends in seconds.</summary>
    public const int PoolSize = 4;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // Flags that turn off Chromium's background traffic (updates, sync, QUIC), so the browser
    // contacts only the pages the tests open.
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private WebApplicationFactory<api::Program>? api;

    public PostgresTestDatabase Database { get; private set; } = null!;

    public AwsEmulatorHost Emulator { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public Uri BaseUri { get; private set; } = null!;

    public string BootstrapToken { get; } = "htk_dashboard_tests_" + Guid.NewGuid().ToString("N");

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: a folder of the test output.</summary>
    public string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <summary>An <c>aws_honeytoken_config.json</c> that points every AWS endpoint at the emulator.</summary>
    public string ConfigurationPath { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        Database = await PostgresTestDatabase.CreateAsync();
        Emulator = await AwsEmulatorHost.StartAsync(new AwsEmulatorOptions
        {
            CreateAccountDuration = TimeSpan.FromMilliseconds(200),
            RealTimeDelay = TimeSpan.Zero,
            LogFileInterval = TimeSpan.FromHours(1),
            WebhookMaxAttempts = 10,
            WebhookInitialBackoff = TimeSpan.FromMilliseconds(500),
        });

        await StartClusterAsync();
        StartApi();
        ConfigurationPath = WriteConfigurationFile();

        await Emulator.Control.SetDeliveriesAsync(new DeliveryTargets
        {
            RealTimeUrl = new Uri(BaseUri, "/webhooks/aws/realtime").ToString(),
            RealTimeHeaderName = WebhookHeader,
            RealTimeApiKey = WebhookKey,
            SnsEndpointUrl = new Uri(BaseUri, "/webhooks/aws/sns").ToString(),
        });

        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 60_000,
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        Playwright?.Dispose();
        api?.Dispose();
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }

    /// <summary>Opens a fresh browser context (its own cookies) at 1280×800, with clipboard access.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUri.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the form with the bootstrap admin token.</summary>
    public async Task SignInAsync(IPage page)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("API token").FillAsync(BootstrapToken);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    /// <summary>Inserts an active honeytoken row directly into the query table and returns its id.</summary>
    public async Task<Guid> InsertHoneytokenAsync(string name)
    {
        var id = Guid.NewGuid();
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO honeytokens (id, installation_id, lifecycle, name, custom_tags, access_key_id, created_at, row_version)
            VALUES (@id, @installation, 'active', @name, '[]', @key, now(), 1)
            """, connection);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("installation", Installation.DefaultId);
        command.Parameters.AddWithValue("name", name);
        command.Parameters.AddWithValue("key", $"AKIA{id:N}"[..20].ToUpperInvariant());
        await command.ExecuteNonQueryAsync();
        return id;
    }

    /// <summary>Inserts one open event of the token with the given attacker-controlled values.</summary>
    public async Task InsertEventAsync(Guid honeytokenId, string ipAddress, string userAgent, string requestParametersJson)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO honeytoken_events (id, honeytoken_id, event_key, event_time, first_received_at, status, ip_address,
                                           action, region, user_agent, channels, data, tags)
            VALUES (@id, @honeytoken_id, @id::text, now(), now(), 'open', @ip, 'ListBuckets', 'us-east-1', @user_agent,
                    '{"realtime": "2026-01-01T00:00:00Z"}', jsonb_build_object('request_parameters', @parameters::jsonb), '{}')
            """, connection);
        command.Parameters.AddWithValue("id", Guid.NewGuid());
        command.Parameters.AddWithValue("honeytoken_id", honeytokenId);
        command.Parameters.AddWithValue("ip", ipAddress);
        command.Parameters.AddWithValue("user_agent", userAgent);
        command.Parameters.AddWithValue("parameters", NpgsqlDbType.Text, requestParametersJson);
        await command.ExecuteNonQueryAsync();
    }

    private async Task StartClusterAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.UseTestClusterMembership = false;

        // The Api's own Orleans client connects over TCP; the in-memory transport only serves
        // the TestCluster's client.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        var properties = builder.Properties;
        properties[DashboardSiloConfigurator.ConnectionStringKey] = Database.ConnectionString;
        properties["Honeytoken:Secrets:EncryptionKey"] = Convert.ToBase64String(new byte[32]);
        properties["Honeytoken:Provisioning:StepInterval"] = "00:00:00.050";
        properties["Honeytoken:Provisioning:AccountPollInterval"] = "00:00:00.200";
        properties["Honeytoken:Provisioning:ReminderPeriod"] = "00:00:05";
        properties["Aws:Endpoints:S3Proxy"] = Emulator.BaseUri.ToString();
        properties["Sns:AllowAwsSnsHosts"] = "true";
        properties["Sns:AllowHttpForAllowedHosts"] = "true";
        properties["Sns:AllowedCertificateHosts:0"] = Emulator.BaseUri.Authority;
        properties["Ingestion:CatchUpPeriod"] = "01:00:00";
        properties["Ingestion:ConfigurationCacheDuration"] = "00:00:01";
        builder.AddSiloBuilderConfigurator<DashboardSiloConfigurator>();
        builder.AddClientBuilderConfigurator<DashboardSiloConfigurator>();

        Cluster = builder.Build();
        using var deadline = new CancellationTokenSource(StartTimeout);
        await Cluster.DeployAsync(deadline.Token);
    }

    private void StartApi()
    {
        api = new WebApplicationFactory<api::Program>().WithWebHostBuilder(web =>
        {
            // Port 0: the appsettings port 8080 may be taken by a running local profile.
            web.UseSetting("Urls", "http://127.0.0.1:0");
            web.UseSetting("ConnectionStrings:Honeytoken", Database.ConnectionString);
            web.UseSetting("Orleans:ClusterId", Cluster.Options.ClusterId);
            web.UseSetting("Orleans:ServiceId", Cluster.Options.ServiceId);
            web.UseSetting("HONEYTOKEN_BOOTSTRAP_TOKEN", BootstrapToken);
            web.UseSetting("Honeytoken:Bootstrap:TokenFile", Path.Combine(Path.GetTempPath(), $"admin-token-{Guid.NewGuid():N}"));
            web.UseSetting("Honeytoken:RateLimits:PermitsPerWindow", "100000");
            web.UseSetting("Honeytoken:RateLimits:AnonymousPermitsPerWindow", "100000");
        });
        api.UseKestrel();
        api.StartServer();
        var addresses = api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseUri = new Uri(addresses.Addresses.First().Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    private string WriteConfigurationFile()
    {
        var endpoint = Emulator.BaseUri.ToString().TrimEnd('/');
        var configuration = new JsonObject
        {
            ["version"] = 1,
            ["bootstrap_credentials"] = new JsonObject { ["access_key_id"] = Emulator.AccessKeyId, ["secret_access_key"] = Emulator.SecretAccessKey },
            ["management_role"] = new JsonObject { ["arn"] = Emulator.ManagementRoleArn, ["external_id"] = Emulator.ExternalId },
            ["organization"] = new JsonObject
            {
                ["member_accounts"] = 1,
                ["account_name_pattern"] = "Workloads {n}",
                ["email_pattern"] = "aws-workloads+{n}@example.com",
                ["member_role_name"] = EmulatorSeed.LocalMemberRoleName,
            },
            ["pool"] = new JsonObject { ["size"] = PoolSize },
            ["logs"] = new JsonObject
            {
                ["access_point_arn"] = $"arn:aws:s3:{EmulatorSeed.LocalLogRegion}:{EmulatorSeed.LocalAccountId}:accesspoint/{EmulatorSeed.LocalAccessPointName}",
                ["prefix"] = "AWSLogs/",
                ["sns_topic_arn"] = EmulatorSeed.LocalTopicArn,
            },
            ["realtime"] = new JsonObject { ["webhook_header_name"] = WebhookHeader, ["webhook_key"] = WebhookKey },
            ["endpoints"] = new JsonObject
            {
                ["sts"] = endpoint,
                ["regional_sts"] = endpoint,
                ["iam"] = endpoint,
                ["s3_access_point"] = "http://s3-accesspoint.us-west-2.amazonaws.com",
                ["organizations"] = endpoint,
            },
        };

        var directory = Directory.CreateTempSubdirectory("dashboard-tests-");
        var path = Path.Combine(directory.FullName, "aws_honeytoken_config.json");
        // Encoding.UTF8 writes a byte order mark, as some editors do; the upload must accept it.
        File.WriteAllText(path, configuration.ToJsonString(), Encoding.UTF8);
        return path;
    }
}

/// <summary>The browser tests, which share one <see cref="DashboardHarness"/> and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class DashboardCollection : ICollectionFixture<DashboardHarness>
{
    public const string Name = "dashboard";
}
