extern alias api;

using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.State;
using Honeytoken.Grains.Auditing;
using Honeytoken.Grains.Health;
using Honeytoken.Grains.Setup;
using Honeytoken.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;

namespace Honeytoken.Health.Tests.Infrastructure;

/// <summary>
/// The whole service on loopback: a test database, the AWS emulator, a two-silo TestCluster on
/// the ADO.NET providers, and the Api on Kestrel so that the emulator delivers to the real
/// webhooks. Checks run on short periods and thresholds. The IAM endpoint of the configuration
/// is <c>localhost</c> while every other endpoint is <c>127.0.0.1</c>, so a test can make one
/// silo unable to resolve IAM alone.
/// </summary>
public sealed class HealthHarness : IAsyncLifetime
{
    public const string WebhookKey = "health-tests-webhook-key-0123456789abcdef";

    public const string WebhookHeader = "X-Honeytoken-Webhook-Key";

    /// <summary>The host name of the IAM endpoint in the configuration.</summary>
    public const string IamHost = "localhost";

    public static readonly TimeSpan ReceptionPeriod = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly string bootstrapToken = api::Honeytoken.Api.Authentication.ApiTokenValues.Generate();

    private WebApplicationFactory<api::Program>? apiFactory;

    public PostgresTestDatabase Database { get; private set; } = null!;

    public AwsEmulatorHost Emulator { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public Uri ApiBaseUri { get; private set; } = null!;

    /// <summary>An HTTP client of the Api that sends the bootstrap token, which has the admin scope.</summary>
    public HttpClient Admin { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public IHealthMonitorGrain Monitor => Cluster.Client.GetGrain<IHealthMonitorGrain>(Installation.DefaultId);

    public async Task InitializeAsync()
    {
        Database = await PostgresTestDatabase.CreateAsync();
        Emulator = await AwsEmulatorHost.StartAsync(new AwsEmulatorOptions
        {
            CreateAccountDuration = TimeSpan.Zero,
            RealTimeDelay = TimeSpan.Zero,
            LogFileInterval = TimeSpan.FromSeconds(1),
            WebhookMaxAttempts = 3,
            WebhookInitialBackoff = TimeSpan.FromMilliseconds(200),
        });

        await StartClusterAsync();
        StartApi();
        await ConfigureAsync();
    }

    public async Task DisposeAsync()
    {
        apiFactory?.Dispose();
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

        Admin.Dispose();
    }

    /// <summary>Waits for a report that satisfies <paramref name="done"/>.</summary>
    public async Task<HealthReport> WaitForReportAsync(Func<HealthReport, bool> done, string what, TimeSpan? timeout = null)
    {
        var view = await Poll.UntilAsync(async () => new ReportView(await Monitor.GetReportAsync()), view => done(view.Report), timeout ?? Deadline, what);
        return view.Report;
    }

    /// <summary>Restores the emulator's good behaviour: no faults, every delivery on, the seeded external ID.</summary>
    public async Task RestoreEmulatorAsync()
    {
        await Emulator.Control.SetFaultsAsync(new FaultSettings());
        await Emulator.Control.SetDeliveriesAsync(Deliveries());
        SetManagementRoleExternalId(EmulatorSeed.LocalExternalId);
        BlockingDnsResolver.Clear();
    }

    /// <summary>Changes the external ID that the management role's trust policy requires, as an operator editing it would.</summary>
    public void SetManagementRoleExternalId(string externalId)
    {
        var state = Emulator.Services.GetRequiredService<EmulatorState>();
        lock (state.Gate)
        {
            state.Accounts[EmulatorSeed.LocalAccountId].Roles[EmulatorSeed.LocalManagementRoleName].ExternalId = externalId;
        }
    }

    public DeliveryTargets Deliveries(bool realTime = true) => new()
    {
        RealTimeUrl = realTime ? new Uri(ApiBaseUri, "/webhooks/aws/realtime").ToString() : null,
        RealTimeHeaderName = WebhookHeader,
        RealTimeApiKey = WebhookKey,
        SnsEndpointUrl = new Uri(ApiBaseUri, "/webhooks/aws/sns").ToString(),
    };

    private async Task StartClusterAsync()
    {
        var builder = new TestClusterBuilder(2);
        builder.Options.UseTestClusterMembership = false;

        // The Api's own Orleans client connects over TCP; the default in-memory transport only
        // serves the TestCluster's client.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        var properties = builder.Properties;
        properties[HealthSiloConfigurator.ConnectionStringKey] = Database.ConnectionString;
        properties["Honeytoken:Secrets:EncryptionKey"] = Convert.ToBase64String(new byte[32]);
        properties["Honeytoken:Provisioning:StepInterval"] = "00:00:00.100";
        properties["Honeytoken:Provisioning:AccountPollInterval"] = "00:00:00.200";
        properties["Honeytoken:Provisioning:ReminderPeriod"] = "00:01:00";
        properties["Honeytoken:HealthChecks:ReceptionPeriod"] = ReceptionPeriod.ToString();
        properties["Honeytoken:HealthChecks:RealTimeDegradedAfter"] = "00:00:03";
        properties["Honeytoken:HealthChecks:RealTimeFailingAfter"] = "00:00:06";
        properties["Honeytoken:HealthChecks:LogFileDegradedAfter"] = "00:00:08";
        properties["Honeytoken:HealthChecks:LogFileFailingAfter"] = "00:00:15";
        properties["Honeytoken:HealthChecks:NodeCheckPeriod"] = "00:00:01";
        properties["Honeytoken:HealthChecks:NodeCheckTimeout"] = "00:00:03";
        properties["Aws:Endpoints:S3Proxy"] = Emulator.BaseUri.ToString();
        properties["Sns:AllowAwsSnsHosts"] = "true";
        properties["Sns:AllowHttpForAllowedHosts"] = "true";
        properties["Sns:AllowedCertificateHosts:0"] = Emulator.BaseUri.Authority;
        properties["Ingestion:LogFileRetryPeriod"] = "00:00:03";
        properties["Ingestion:CatchUpPeriod"] = "01:00:00";
        properties["Ingestion:ConfigurationCacheDuration"] = "00:00:01";
        builder.AddSiloBuilderConfigurator<HealthSiloConfigurator>();
        builder.AddClientBuilderConfigurator<HealthSiloConfigurator>();

        Cluster = builder.Build();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await Cluster.DeployAsync(deadline.Token);
    }

    private void StartApi()
    {
        apiFactory = new WebApplicationFactory<api::Program>().WithWebHostBuilder(web =>
        {
            // A free port, instead of the local profile's fixed one in appsettings.json.
            web.UseSetting("Urls", "http://127.0.0.1:0");
            web.UseSetting("ConnectionStrings:Honeytoken", Database.ConnectionString);
            web.UseSetting("Orleans:ClusterId", Cluster.Options.ClusterId);
            web.UseSetting("Orleans:ServiceId", Cluster.Options.ServiceId);
            web.UseSetting("HONEYTOKEN_BOOTSTRAP_TOKEN", bootstrapToken);
            web.UseSetting("Honeytoken:Bootstrap:TokenFile", Path.Combine(Path.GetTempPath(), $"admin-token-{Guid.NewGuid():N}"));
        });
        apiFactory.UseKestrel();
        apiFactory.StartServer();
        var addresses = apiFactory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        ApiBaseUri = new Uri(addresses.Addresses.First());
        Admin.BaseAddress = ApiBaseUri;
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", bootstrapToken);
    }

    private async Task ConfigureAsync()
    {
        var endpoint = Emulator.BaseUri.ToString().TrimEnd('/');
        var iamEndpoint = new UriBuilder(Emulator.BaseUri) { Host = IamHost }.Uri.ToString().TrimEnd('/');
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
            ["pool"] = new JsonObject { ["size"] = 2 },
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
                ["iam"] = iamEndpoint,
                ["s3_access_point"] = "http://s3-accesspoint.us-west-2.amazonaws.com",
                ["organizations"] = endpoint,
            },
        };

        var upload = await Cluster.Client.GetGrain<ITenantSetupGrain>(Installation.DefaultId)
            .UploadConfigurationAsync(System.Text.Encoding.UTF8.GetBytes(configuration.ToJsonString()), Actor.System);
        Assert.True(upload.Accepted, string.Join("; ", upload.Errors.Select(error => $"{error.Field}: {error.Message}")));

        // After the upload, because the SNS webhook confirms only the configured topic.
        await Emulator.Control.SetDeliveriesAsync(Deliveries());

        await Poll.UntilAsync(
            () => CountAsync("SELECT count(*) FROM sns_subscription_events WHERE event_type = 'confirmed'"),
            count => count > 0,
            Deadline,
            "the SNS subscription to be confirmed");
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>A report whose text lists its statuses and messages, so that a time-out shows them.</summary>
internal sealed record ReportView(HealthReport Report)
{
    public override string ToString() => Report.Describe();
}

/// <summary>The tests that share one <see cref="HealthHarness"/>; they run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class HealthCollection : ICollectionFixture<HealthHarness>
{
    public const string Name = "health";
}
