extern alias ApiHost;

using Honeytoken.Grains.Alerts;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using ApiHost::Honeytoken.Api.Authentication;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.Silo.Hosting;
using Honeytoken.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Orleans.TestingHost;

namespace Honeytoken.Api.EndToEnd.Tests;

/// <summary>
/// The AWS emulator, a migrated database, one silo with the application's grains, and the Api
/// connected to that silo as an Orleans client over TCP, all in this process.
/// </summary>
public sealed class ApiEnvironment : IAsyncDisposable
{
    private const string ConnectionStringKey = "HoneytokenTests:ConnectionString";

    // A fixed, public test key for the secret protector.
    private const string EncryptionKey = "dGVzdC1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcyEhISE=";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private ApiEnvironment(AwsEmulatorHost aws, PostgresTestDatabase database, TestCluster cluster, string bootstrapToken)
    {
        Aws = aws;
        Database = database;
        Cluster = cluster;
        BootstrapToken = bootstrapToken;
        Api = new ApiFactory(database.ConnectionString, cluster.Options, bootstrapToken);
    }

    public AwsEmulatorHost Aws { get; }

    public PostgresTestDatabase Database { get; }

    public TestCluster Cluster { get; }

    public WebApplicationFactory<ApiHost::Program> Api { get; }

    public string BootstrapToken { get; }

    public static async Task<ApiEnvironment> StartAsync()
    {
        var aws = await AwsEmulatorHost.StartAsync(new AwsEmulatorOptions
        {
            CreateAccountDuration = TimeSpan.FromMilliseconds(300),
            LogFileInterval = TimeSpan.FromMinutes(30),
        });
        var database = await PostgresTestDatabase.CreateAsync();

        var builder = new TestClusterBuilder(1);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        var properties = builder.Properties;
        properties[ConnectionStringKey] = database.ConnectionString;
        properties["Honeytoken:Secrets:EncryptionKey"] = EncryptionKey;
        properties["Honeytoken:Provisioning:MaxConcurrentKeys"] = "4";
        properties["Honeytoken:Provisioning:StepInterval"] = "00:00:00.100";
        properties["Honeytoken:Provisioning:ReminderPeriod"] = "00:00:02";
        properties["Honeytoken:Provisioning:AccountPollInterval"] = "00:00:00.200";
        properties["Honeytoken:Provisioning:RetryDelay"] = "00:00:00.500";
        foreach (var endpoint in new[] { "Sts", "StsRegional", "Iam", "Organizations", "S3Proxy" })
        {
            properties[$"Aws:Endpoints:{endpoint}"] = aws.BaseUri.AbsoluteUri;
        }

        properties["Aws:Endpoints:S3AccessPoint"] = "http://s3-accesspoint.us-west-2.amazonaws.com";
        builder.AddSiloBuilderConfigurator<ClusterConfigurator>();
        builder.AddClientBuilderConfigurator<ClusterConfigurator>();

        var cluster = builder.Build();
        using (var deadline = new CancellationTokenSource(StartTimeout))
        {
            await cluster.DeployAsync(deadline.Token);
        }

        return new ApiEnvironment(aws, database, cluster, ApiTokenValues.Generate());
    }

    /// <summary>An HTTP client of the Api that sends the bootstrap token.</summary>
    public HttpClient CreateClient()
    {
        var client = Api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", BootstrapToken);
        return client;
    }

    /// <summary>Returns an <c>aws_honeytoken_config.json</c> that points at the emulator.</summary>
    public string ConfigurationFile(int poolSize) => new JsonObject
    {
        ["version"] = 1,
        ["bootstrap_credentials"] = new JsonObject
        {
            ["access_key_id"] = EmulatorSeed.LocalAccessKeyId,
            ["secret_access_key"] = EmulatorSeed.LocalSecretAccessKey,
        },
        ["management_role"] = new JsonObject { ["arn"] = Aws.ManagementRoleArn, ["external_id"] = Aws.ExternalId },
        ["organization"] = new JsonObject
        {
            ["member_accounts"] = 1,
            ["account_name_pattern"] = "Workloads {n}",
            ["email_pattern"] = "aws-workloads+{n}@example.com",
            ["member_role_name"] = EmulatorSeed.LocalMemberRoleName,
        },
        ["pool"] = new JsonObject { ["size"] = poolSize },
        ["logs"] = new JsonObject
        {
            ["access_point_arn"] = $"arn:aws:s3:{EmulatorSeed.LocalLogRegion}:{EmulatorSeed.LocalAccountId}:accesspoint/{EmulatorSeed.LocalAccessPointName}",
            ["prefix"] = "AWSLogs/",
            ["sns_topic_arn"] = EmulatorSeed.LocalTopicArn,
        },
        ["realtime"] = new JsonObject { ["webhook_key"] = "test-webhook-key-5b0f6f0e3c4d4a4e9d1c2b3a49586776" },
        ["endpoints"] = new JsonObject
        {
            ["sts"] = Aws.BaseUri.AbsoluteUri,
            ["regional_sts"] = Aws.BaseUri.AbsoluteUri,
            ["iam"] = Aws.BaseUri.AbsoluteUri,
            ["s3_access_point"] = "http://s3-accesspoint.us-west-2.amazonaws.com",
            ["organizations"] = Aws.BaseUri.AbsoluteUri,
        },
    }.ToJsonString();

    public async ValueTask DisposeAsync()
    {
        await Api.DisposeAsync();
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
        await Aws.DisposeAsync();
    }

    private sealed class ApiFactory(string connectionString, TestClusterOptions cluster, string bootstrapToken) : WebApplicationFactory<ApiHost::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("ConnectionStrings:Honeytoken", connectionString);
            builder.UseSetting("Orleans:ClusterId", cluster.ClusterId);
            builder.UseSetting("Orleans:ServiceId", cluster.ServiceId);
            builder.UseSetting(BootstrapTokenOptions.TokenKey, bootstrapToken);
        }
    }

    private sealed class ClusterConfigurator : ISiloConfigurator, IClientBuilderConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.UseHoneytokenPostgres(siloBuilder.Configuration[ConnectionStringKey]!).AddHoneytokenGrains().AddHoneytokenAlerts();
            siloBuilder.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        }

        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder) =>
            clientBuilder.UseHoneytokenPostgresClustering(configuration[ConnectionStringKey]!);
    }
}
