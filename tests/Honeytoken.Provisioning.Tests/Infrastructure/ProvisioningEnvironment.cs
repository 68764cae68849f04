using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Honeytoken.AwsEmulator.Hosting;
using Honeytoken.AwsEmulator.State;
using Honeytoken.Grains.Auditing;
using Honeytoken.Grains.Setup;
using Honeytoken.Grains.Storage;
using Honeytoken.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.TestingHost;

namespace Honeytoken.Provisioning.Tests.Infrastructure;

/// <summary>
/// One test's world: the AWS emulator in this process, a PostgreSQL database of its own and a
/// TestCluster whose silos run the application's grains against both.
/// </summary>
public sealed class ProvisioningEnvironment : IAsyncDisposable
{
    /// <summary>The AES key of the secret protector in tests; a fixed, public test value.</summary>
    public const string EncryptionKey = "dGVzdC1lbmNyeXB0aW9uLWtleS0zMi1ieXRlcyEhISE=";

    /// <summary>The secrets of the configuration file, which must never reach a log line.</summary>
    public const string WebhookKey = "test-webhook-key-5b0f6f0e3c4d4a4e9d1c2b3a49586776";

    // A cluster start waits for gateways and membership; bound it.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private ProvisioningEnvironment(AwsEmulatorHost aws, PostgresTestDatabase database, TestCluster cluster)
    {
        Aws = aws;
        Database = database;
        Cluster = cluster;
        Protector = new SecretProtector(Options.Create(new SecretProtectionOptions { EncryptionKey = EncryptionKey }));
    }

    public AwsEmulatorHost Aws { get; }

    public PostgresTestDatabase Database { get; }

    public TestCluster Cluster { get; }

    public SecretProtector Protector { get; }

    public IClusterClient Client => Cluster.Client;

    /// <summary>Starts the emulator, a migrated database and a cluster of <paramref name="silos"/> silos.</summary>
    /// <param name="silos">The number of silos.</param>
    /// <param name="outOfProcess">
    /// Runs each silo in a process of its own, so that killing one stops its work at once, as
    /// a crash does. The pending calls of an in-process silo would still complete.
    /// </param>
    /// <param name="settings">Silo settings that replace the test defaults, such as <c>Honeytoken:Provisioning:MaxConcurrentKeys</c>.</param>
    public static async Task<ProvisioningEnvironment> StartAsync(short silos = 1, bool outOfProcess = false, IReadOnlyDictionary<string, string>? settings = null)
    {
        var aws = await AwsEmulatorHost.StartAsync(new AwsEmulatorOptions
        {
            CreateAccountDuration = TimeSpan.FromMilliseconds(300),
            LogFileInterval = TimeSpan.FromMinutes(30),
        });

        PostgresTestDatabase? database = null;
        try
        {
            database = await PostgresTestDatabase.CreateAsync();

            var builder = new TestClusterBuilder(silos);
            builder.Options.UseTestClusterMembership = false;
            var properties = builder.Properties;
            properties[ProvisioningClusterConfigurator.ConnectionStringKey] = database.ConnectionString;
            properties["Honeytoken:Secrets:EncryptionKey"] = EncryptionKey;
            properties["Honeytoken:Provisioning:MaxConcurrentKeys"] = "4";
            properties["Honeytoken:Provisioning:StepInterval"] = "00:00:00.100";
            properties["Honeytoken:Provisioning:ReminderPeriod"] = "00:00:02";
            properties["Honeytoken:Provisioning:AccountPollInterval"] = "00:00:00.200";
            properties["Honeytoken:Provisioning:RetryDelay"] = "00:00:00.500";
            properties["Honeytoken:Provisioning:InlineRevokeTimeout"] = "00:00:05";
            properties["Aws:Retry:MaxAttempts"] = "4";
            properties["Aws:Retry:BaseDelay"] = "00:00:00.050";
            properties["Aws:Retry:MaxDelay"] = "00:00:00.500";

            // Every AWS endpoint is the emulator on loopback; S3 access point host names
            // reach it as a proxy.
            var emulator = aws.BaseUri.AbsoluteUri;
            foreach (var endpoint in new[] { "Sts", "StsRegional", "Iam", "Organizations", "S3Proxy" })
            {
                properties[$"Aws:Endpoints:{endpoint}"] = emulator;
            }

            properties["Aws:Endpoints:S3AccessPoint"] = "http://s3-accesspoint.us-west-2.amazonaws.com";
            foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            {
                properties[key] = value;
            }

            builder.AddSiloBuilderConfigurator<ProvisioningClusterConfigurator>();
            builder.AddClientBuilderConfigurator<ProvisioningClusterConfigurator>();
            if (outOfProcess)
            {
                // TestCluster's default in-memory transport cannot cross a process boundary.
                builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
            }

            var cluster = builder.Build();
            if (outOfProcess)
            {
                cluster.CreateSiloAsync = StandaloneSiloHandle.CreateForAssembly(typeof(ProvisioningEnvironment).Assembly);
            }

            try
            {
                using var deadline = new CancellationTokenSource(StartTimeout);
                await cluster.DeployAsync(deadline.Token);
            }
            catch
            {
                await cluster.DisposeAsync();
                throw;
            }

            return new ProvisioningEnvironment(aws, database, cluster);
        }
        catch
        {
            if (database is not null)
            {
                await database.DisposeAsync();
            }

            await aws.DisposeAsync();
            throw;
        }
    }

    /// <summary>Returns an <c>aws_honeytoken_config.json</c> for the emulator, changed by <paramref name="edit"/>.</summary>
    public byte[] ConfigurationFile(int poolSize, int memberAccounts = 2, Action<JsonObject>? edit = null)
    {
        var file = new JsonObject
        {
            ["version"] = 1,
            ["bootstrap_credentials"] = new JsonObject
            {
                ["access_key_id"] = EmulatorSeed.LocalAccessKeyId,
                ["secret_access_key"] = EmulatorSeed.LocalSecretAccessKey,
            },
            ["management_role"] = new JsonObject
            {
                ["arn"] = Aws.ManagementRoleArn,
                ["external_id"] = Aws.ExternalId,
            },
            ["organization"] = new JsonObject
            {
                ["member_accounts"] = memberAccounts,
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
            ["realtime"] = new JsonObject
            {
                ["webhook_header_name"] = "X-Honeytoken-Webhook-Key",
                ["webhook_key"] = WebhookKey,
            },
            ["endpoints"] = new JsonObject
            {
                ["sts"] = Aws.BaseUri.AbsoluteUri,
                ["regional_sts"] = Aws.BaseUri.AbsoluteUri,
                ["iam"] = Aws.BaseUri.AbsoluteUri,
                ["s3_access_point"] = Aws.BaseUri.AbsoluteUri,
                ["organizations"] = Aws.BaseUri.AbsoluteUri,
            },
        };

        edit?.Invoke(file);
        return Encoding.UTF8.GetBytes(file.ToJsonString());
    }

    /// <summary>Uploads a configuration as an admin API token and fails the test when it is rejected.</summary>
    public async Task UploadAsync(string installationId, byte[] file)
    {
        var result = await Client.GetGrain<ITenantSetupGrain>(installationId).UploadConfigurationAsync(file, new Actor(ActorKind.ApiToken, "test-admin"));
        Assert.True(result.Accepted, string.Join("; ", result.Errors.Select(error => $"{error.Field}: {error.Message}")));
    }

    /// <summary>Polls the progress until it reaches <paramref name="phase"/>.</summary>
    public Task<SetupProgress> WaitForPhaseAsync(string installationId, string phase, TimeSpan timeout) =>
        Poll.UntilAsync(
            () => Client.GetGrain<ITenantSetupGrain>(installationId).GetProgressAsync(),
            progress => progress.Phase == phase,
            timeout,
            $"installation {installationId} to reach {phase}");

    /// <summary>Reads the honeytoken rows of an installation.</summary>
    public async Task<List<TokenRow>> ReadRowsAsync(string installationId)
    {
        await using var connection = await Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT id, lifecycle, account_id, iam_user_name, access_key_id, secret_access_key_encrypted, name " +
            "FROM honeytokens WHERE installation_id = @installation_id", connection);
        command.Parameters.AddWithValue("installation_id", installationId);
        await using var reader = await command.ExecuteReaderAsync();

        var rows = new List<TokenRow>();
        while (await reader.ReadAsync())
        {
            rows.Add(new TokenRow(
                reader.GetGuid(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : (byte[])reader[5],
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return rows;
    }

    /// <summary>Returns the IAM users and long-term keys that the emulator stores in member accounts.</summary>
    public (List<IamUserState> Users, List<AccessKeyState> Keys) MemberAccountIam()
    {
        var state = Aws.Services.GetRequiredService<EmulatorState>();
        lock (state.Gate)
        {
            var users = state.Accounts.Values
                .Where(account => account.Id != EmulatorSeed.LocalAccountId)
                .SelectMany(account => account.Users.Values)
                .ToList();
            var keys = state.AccessKeys.Values
                .Where(key => key.AccountId != EmulatorSeed.LocalAccountId && !key.IsTemporary && key.UserName is not null)
                .ToList();
            return (users, keys);
        }
    }

    /// <summary>Calls STS GetCallerIdentity on the emulator with a key pair; returns the caller's ARN.</summary>
    public async Task<string> GetCallerArnAsync(string accessKeyId, string secretAccessKey)
    {
        using var sts = new AmazonSecurityTokenServiceClient(
            new BasicAWSCredentials(accessKeyId, secretAccessKey),
            new AmazonSecurityTokenServiceConfig
            {
                ServiceURL = Aws.BaseUri.AbsoluteUri,
                AuthenticationRegion = "us-east-1",
                IgnoreConfiguredEndpointUrls = true,
                MaxErrorRetry = 0,
            });
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        return identity.Arn;
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
        await Aws.DisposeAsync();
    }
}

/// <summary>A row of the <c>honeytokens</c> table, as the tests read it.</summary>
public sealed record TokenRow(
    Guid Id,
    string Lifecycle,
    string? AccountId,
    string? IamUserName,
    string? AccessKeyId,
    byte[]? SecretProtected,
    string? Name);
