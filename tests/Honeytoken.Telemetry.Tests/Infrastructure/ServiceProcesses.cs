using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.Testing;
using Honeytoken.Testing.Processes;

namespace Honeytoken.Telemetry.Tests.Infrastructure;

/// <summary>
/// The AWS emulator in this process, an empty test database, and one silo and the Api as
/// processes of their own on loopback ports, each serving Prometheus metrics.
/// </summary>
internal sealed class ServiceProcesses : IAsyncDisposable
{
    /// <summary>The header and key that authenticate the emulator's real-time deliveries.</summary>
    public const string WebhookHeader = "X-Honeytoken-Webhook-Key";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly List<HostProcess> processes = [];

    private ServiceProcesses(AwsEmulatorHost aws, PostgresTestDatabase database)
    {
        Aws = aws;
        Database = database;
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", BootstrapToken);
    }

    public AwsEmulatorHost Aws { get; }

    public PostgresTestDatabase Database { get; }

    /// <summary>An HTTP client that sends the Api's bootstrap admin token.</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public string BootstrapToken { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public string WebhookKey { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public Uri ApiUri { get; private set; } = null!;

    public Uri ApiMetricsUri { get; private set; } = null!;

    public Uri SiloMetricsUri { get; private set; } = null!;

    public static async Task<ServiceProcesses> StartAsync()
    {
        var aws = await AwsEmulatorHost.StartAsync(new AwsEmulatorOptions
        {
            CreateAccountDuration = TimeSpan.Zero,
            RealTimeDelay = TimeSpan.Zero,
            LogFileInterval = TimeSpan.FromHours(1),
        });
        var database = await PostgresTestDatabase.CreateEmptyAsync();
        var services = new ServiceProcesses(aws, database);
        try
        {
            await services.StartHostsAsync();
            return services;
        }
        catch
        {
            await services.DisposeAsync();
            throw;
        }
    }

    /// <summary>Returns an <c>aws_honeytoken_config.json</c> whose endpoints are the emulator.</summary>
    public string ConfigurationFile(int poolSize)
    {
        var endpoint = Aws.BaseUri.AbsoluteUri;
        return new JsonObject
        {
            ["version"] = 1,
            ["bootstrap_credentials"] = new JsonObject { ["access_key_id"] = Aws.AccessKeyId, ["secret_access_key"] = Aws.SecretAccessKey },
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
                ["prefix"] = "",
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
        }.ToJsonString();
    }

    /// <summary>Returns what the silo and the Api wrote so far, for failure messages.</summary>
    public string Output() => string.Join('\n', processes.Select(process => $"--- {process.Name} ---\n{process.Output}"));

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(processes))
        {
            await process.DisposeAsync();
        }

        Http.Dispose();
        await Database.DisposeAsync();
        await Aws.DisposeAsync();
    }

    private async Task StartHostsAsync()
    {
        var clusterId = $"telemetry-tests-{Guid.NewGuid():N}";
        var siloHealthPort = FreeTcpPort.Next();
        var siloMetricsPort = FreeTcpPort.Next();
        var apiPort = FreeTcpPort.Next();
        var apiMetricsPort = FreeTcpPort.Next();

        processes.Add(HostProcess.Start("silo", Path.Combine("Silo", "Honeytoken.Silo"), new Dictionary<string, string>
        {
            ["ConnectionStrings__Honeytoken"] = Database.ConnectionString,
            ["Honeytoken__Secrets__EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__ServiceId"] = clusterId,
            ["Orleans__SiloName"] = "telemetry-silo",
            ["Orleans__SiloPort"] = Text(FreeTcpPort.Next()),
            ["Orleans__GatewayPort"] = Text(FreeTcpPort.Next()),
            ["Honeytoken__Health__Port"] = Text(siloHealthPort),
            ["Honeytoken__Metrics__Port"] = Text(siloMetricsPort),
            ["Aws__Endpoints__S3Proxy"] = Aws.BaseUri.AbsoluteUri,
            ["Honeytoken__Provisioning__StepInterval"] = "00:00:00.050",
            ["Honeytoken__Provisioning__AccountPollInterval"] = "00:00:00.200",

            // Both sweeps sign AWS calls of their own, which the emulator would deliver as
            // real-time events. Their first runs are an hour away, so the channel counts stay exact.
            ["Ingestion__CatchUpPeriod"] = "01:00:00",
            ["Ingestion__UnloggedUseSweepPeriod"] = "01:00:00",
        }));

        processes.Add(HostProcess.Start("api", Path.Combine("Api", "Honeytoken.Api"), new Dictionary<string, string>
        {
            ["ConnectionStrings__Honeytoken"] = Database.ConnectionString,
            ["Orleans__ClusterId"] = clusterId,
            ["Orleans__ServiceId"] = clusterId,
            ["Urls"] = $"http://127.0.0.1:{apiPort}",
            ["HONEYTOKEN_BOOTSTRAP_TOKEN"] = BootstrapToken,
            ["Honeytoken__Bootstrap__TokenFile"] = Path.Combine(Path.GetTempPath(), $"admin-token-{Guid.NewGuid():N}"),
            ["Honeytoken__Metrics__Port"] = Text(apiMetricsPort),
        }));

        ApiUri = new Uri($"http://127.0.0.1:{apiPort}");
        ApiMetricsUri = new Uri($"http://127.0.0.1:{apiMetricsPort}/metrics");
        SiloMetricsUri = new Uri($"http://127.0.0.1:{siloMetricsPort}/metrics");

        // An exited process ends the wait at once, with its output in the failure message.
        (HostProcess? Exited, HttpStatusCode Status) readiness;
        try
        {
            readiness = await Poll.UntilAsync(
                async () =>
                {
                    var exited = processes.FirstOrDefault(process => process.HasExited);
                    if (exited is not null)
                    {
                        return (exited, HttpStatusCode.ServiceUnavailable);
                    }

                    using var response = await Http.GetAsync(new Uri(ApiUri, "/readyz"));
                    return ((HostProcess?)null, response.StatusCode);
                },
                state => state.Item1 is not null || state.Item2 == HttpStatusCode.OK,
                StartTimeout,
                "the Api's /readyz to return 200");
        }
        catch (TimeoutException exception)
        {
            throw new TimeoutException($"{exception.Message}\n{Output()}", exception);
        }

        Assert.True(readiness.Exited is null, $"The {readiness.Exited?.Name} process exited during start-up.\n{Output()}");
    }

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);

}
