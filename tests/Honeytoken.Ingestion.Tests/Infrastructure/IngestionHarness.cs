extern alias api;

using System.Net;
using System.Text.Json.Nodes;
using Honeytoken.AwsEmulator.Deliveries;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.S3;
using Honeytoken.Grains.Auditing;
using Honeytoken.Grains.Events;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Grains.Setup;
using Honeytoken.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.TestingHost;

namespace Honeytoken.Ingestion.Tests.Infrastructure;

/// <summary>
/// The whole service on loopback: a test database, the AWS emulator, a one-silo TestCluster
/// on the ADO.NET providers, and the Api on Kestrel, so that the emulator delivers to the real
/// webhooks. The configuration is uploaded and the SNS subscription confirmed before any test.
/// </summary>
public sealed class IngestionHarness : IAsyncLifetime
{
    /// <summary>The key the emulator sends with real-time deliveries.</summary>
    public const string WebhookKey = "ingestion-tests-webhook-key-0123456789abcdef";

    /// <summary>The header that carries <see cref="WebhookKey"/>.</summary>
    public const string WebhookHeader = "X-Honeytoken-Webhook-Key";

    /// <summary>The bucket that the emulator's trail writes to.</summary>
    public const string LogBucket = EmulatorSeed.LocalLogBucket;

    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(90);

    private WebApplicationFactory<api::Program>? _api;

    private readonly string _adminToken = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    public PostgresTestDatabase Database { get; private set; } = null!;

    public AwsEmulatorHost Emulator { get; private set; } = null!;

    public SwitchableTcpProxy QueryTablesProxy { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public Uri ApiBaseUri { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Database = await PostgresTestDatabase.CreateAsync();
        Emulator = await AwsEmulatorHost.StartAsync(new AwsEmulatorOptions
        {
            CreateAccountDuration = TimeSpan.Zero,
            RealTimeDelay = TimeSpan.Zero,

            // Log files are written when a test flushes them, as CloudTrail would minutes later.
            LogFileInterval = TimeSpan.FromHours(1),
            WebhookMaxAttempts = 10,
            WebhookInitialBackoff = TimeSpan.FromMilliseconds(500),
        });

        var database = new NpgsqlConnectionStringBuilder(Database.ConnectionString);
        QueryTablesProxy = new SwitchableTcpProxy(database.Host!, database.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(Database.ConnectionString)
        {
            Host = "127.0.0.1",
            Port = QueryTablesProxy.Port,
            Timeout = 3,
        };

        await StartClusterAsync(throughProxy.ConnectionString);
        StartApi();
        await ConfigureAsync();
    }

    public async Task DisposeAsync()
    {
        _api?.Dispose();
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (QueryTablesProxy is not null)
        {
            await QueryTablesProxy.DisposeAsync();
        }

        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }

        Http.Dispose();
    }

    /// <summary>Hands out a pooled key as a new honeytoken and returns it with its secret.</summary>
    public async Task<HoneytokenSnapshot> CreateTokenAsync(string name)
    {
        var pool = Grains.GetGrain<IKeyPoolGrain>(Installation.DefaultId);
        var tokenId = await Poll.UntilAsync(pool.TakeAsync, id => id is not null, SetupTimeout, "a pooled key");
        var token = Grains.GetGrain<IHoneytokenGrain>(tokenId!.Value);
        var result = await token.AssignAsync(new HoneytokenFields(name, "created by the ingestion tests", []), Actor.System);
        Assert.True(result.Succeeded, result.Error?.Message);
        return (await token.GetAsync(includeSecret: true))!;
    }

    /// <summary>Returns the stored events of a token.</summary>
    public async Task<IReadOnlyList<StoredEvent>> GetEventsAsync(Guid tokenId)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("""
            SELECT event_key, action, event_time, ip_address, user_agent, error_code, channels::text, tags, data::text, raw_record, region
            FROM honeytoken_events WHERE honeytoken_id = @id ORDER BY event_time, event_key
            """, connection);
        command.Parameters.AddWithValue("id", tokenId);
        await using var reader = await command.ExecuteReaderAsync();
        var events = new List<StoredEvent>();
        while (await reader.ReadAsync())
        {
            events.Add(new StoredEvent(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                JsonNode.Parse(reader.GetString(6))!.AsObject(),
                reader.GetFieldValue<string[]>(7),
                JsonNode.Parse(reader.GetString(8))!.AsObject(),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10)));
        }

        return events;
    }

    /// <summary>Returns the number of rows of an ingestion table that match a condition.</summary>
    public async Task<long> CountAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Writes an object into the log bucket; the emulator announces it through SNS as S3 does.</summary>
    public void PutLogObject(string key, byte[] content)
    {
        var store = Emulator.Services.GetRequiredService<S3ObjectStore>();
        store.Put(LogBucket, key, content, "application/json", "gzip", "AWS:AROAEMULATORCLOUDTRAIL:regionalDeliverySession", "127.0.0.1", TimeSpan.Zero);
    }

    /// <summary>Waits until the log-file grain of an object reaches a final state and returns it.</summary>
    public Task<LogFileStatus> WaitForLogFileAsync(string key, TimeSpan timeout, string bucket = LogBucket) =>
        Poll.UntilAsync(
            () => Grains.GetGrain<ILogFileGrain>(LogFileKeys.Create(bucket, key)).GetStatusAsync(),
            status => status.State is LogFileState.Done or LogFileState.Quarantined,
            timeout,
            $"log file {key} to be processed");

    /// <summary>Posts a body to a webhook of the Api.</summary>
    public async Task<HttpStatusCode> PostAsync(string path, string body, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(ApiBaseUri, path))
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "text/plain"),
        };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>Signs an SNS message with the emulator's certificate, as SNS signs it.</summary>
    public Dictionary<string, string> SignSnsMessage(Dictionary<string, string> message, string signatureVersion = "1")
    {
        var signer = Emulator.Services.GetRequiredService<Honeytoken.AwsEmulator.Signing.SnsMessageSigner>();
        var endpoint = Emulator.Services.GetRequiredService<EmulatorEndpoint>();
        return new Dictionary<string, string>(message)
        {
            ["SignatureVersion"] = signatureVersion,
            ["Signature"] = signer.Sign(message, signatureVersion),
            ["SigningCertURL"] = endpoint.SigningCertUrl,
        };
    }

    /// <summary>Publishes a notification on the log topic through the emulator's SNS.</summary>
    public void PublishSns(string messageBody) =>
        Emulator.Services.GetRequiredService<SnsPublisher>().Publish(EmulatorSeed.LocalTopicArn, "Amazon S3 Notification", messageBody, TimeSpan.Zero);

    /// <summary>
    /// Publishes a notification of a fresh log object and waits until it is processed. SNS
    /// deliveries are sent in order, so every notification published before has been handled.
    /// </summary>
    public async Task PublishAndWaitForSentinelAsync()
    {
        var key = CloudTrailFiles.NewKey("sentinel");
        PutLogObject(key, CloudTrailFiles.Gzip(Array.Empty<System.Text.Json.Nodes.JsonObject>()));
        await WaitForLogFileAsync(key, TimeSpan.FromSeconds(30));
    }

    private async Task StartClusterAsync(string queryConnectionString)
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.UseTestClusterMembership = false;

        // The Api's own Orleans client connects over TCP; the default in-memory transport only
        // serves the TestCluster's client.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        var properties = builder.Properties;
        properties[IngestionSiloConfigurator.ConnectionStringKey] = Database.ConnectionString;
        properties[IngestionSiloConfigurator.QueryConnectionStringKey] = queryConnectionString;
        properties["Honeytoken:Secrets:EncryptionKey"] = Convert.ToBase64String(new byte[32]);
        properties["Honeytoken:Provisioning:StepInterval"] = "00:00:00.050";
        properties["Honeytoken:Provisioning:AccountPollInterval"] = "00:00:00.200";
        properties["Honeytoken:Provisioning:ReminderPeriod"] = "00:00:05";
        properties["Aws:Endpoints:S3Proxy"] = Emulator.BaseUri.ToString();
        properties["Sns:AllowAwsSnsHosts"] = "true";
        properties["Sns:AllowHttpForAllowedHosts"] = "true";
        properties["Sns:AllowedCertificateHosts:0"] = Emulator.BaseUri.Authority;
        properties["Ingestion:LogFileRetryPeriod"] = "00:00:03";
        properties["Ingestion:CatchUpPeriod"] = "01:00:00";
        properties["Ingestion:ConfigurationCacheDuration"] = "00:00:01";
        properties["Ingestion:UnloggedUseAllowance"] = "00:00:00";
        builder.AddSiloBuilderConfigurator<IngestionSiloConfigurator>();
        builder.AddClientBuilderConfigurator<IngestionSiloConfigurator>();

        Cluster = builder.Build();
        using var deadline = new CancellationTokenSource(SetupTimeout);
        await Cluster.DeployAsync(deadline.Token);
    }

    private void StartApi()
    {
        _api = new WebApplicationFactory<api::Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:Honeytoken", Database.ConnectionString);
            web.UseSetting("Orleans:ClusterId", Cluster.Options.ClusterId);
            web.UseSetting("Orleans:ServiceId", Cluster.Options.ServiceId);

            // The Api's own setting is the local profile's fixed port, which may be taken.
            web.UseSetting(Microsoft.AspNetCore.Hosting.WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");

            // An admin token for the /v1 admin endpoints the tests read; the webhooks need none.
            web.UseSetting("HONEYTOKEN_BOOTSTRAP_TOKEN", _adminToken);
            web.UseSetting("Honeytoken:Bootstrap:TokenFile", Path.Combine(Path.GetTempPath(), $"admin-token-{Guid.NewGuid():N}"));
        });
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Token", _adminToken);
        _api.UseKestrel(0);
        _api.StartServer();
        var addresses = _api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        ApiBaseUri = new Uri(addresses.Addresses.First());
    }

    private async Task ConfigureAsync()
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
            ["pool"] = new JsonObject { ["size"] = 30 },
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
        };

        var upload = await Grains.GetGrain<ITenantSetupGrain>(Installation.DefaultId)
            .UploadConfigurationAsync(System.Text.Encoding.UTF8.GetBytes(configuration.ToJsonString()), Actor.System);
        Assert.True(upload.Accepted, string.Join("; ", upload.Errors.Select(error => $"{error.Field}: {error.Message}")));

        await Emulator.Control.SetDeliveriesAsync(new DeliveryTargets
        {
            RealTimeUrl = new Uri(ApiBaseUri, "/webhooks/aws/realtime").ToString(),
            RealTimeHeaderName = WebhookHeader,
            RealTimeApiKey = WebhookKey,
            SnsEndpointUrl = new Uri(ApiBaseUri, "/webhooks/aws/sns").ToString(),
        });

        await Poll.UntilAsync(
            () => CountAsync("SELECT count(*) FROM sns_subscription_events WHERE event_type = 'confirmed'"),
            count => count > 0,
            SetupTimeout,
            "the SNS subscription to be confirmed");
    }
}

/// <summary>One row of <c>honeytoken_events</c> as the tests read it.</summary>
public sealed record StoredEvent(
    string EventKey,
    string Action,
    DateTimeOffset EventTime,
    string? IpAddress,
    string? UserAgent,
    string? ErrorCode,
    JsonObject Channels,
    string[] Tags,
    JsonObject Data,
    string? RawRecord,
    string? Region);

/// <summary>The tests that share one <see cref="IngestionHarness"/>; they run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class IngestionCollection : ICollectionFixture<IngestionHarness>
{
    public const string Name = "ingestion";
}
