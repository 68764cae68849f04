using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Npgsql;

namespace Honeytoken.Bench.Logs.Harness;

/// <summary>
/// The service as the local profile runs it: the AWS emulator, one silo and the Api, each a
/// separate process on loopback ports chosen at run time, on a fresh PostgreSQL database.
/// Once started, the configuration is uploaded and the SNS subscription confirmed, so log
/// files put into the emulator's bucket are announced to the Api as S3 announces them.
/// </summary>
internal sealed class ServiceUnderTest : IAsyncDisposable
{
    /// <summary>The log bucket and the key of the emulator's built-in seed.</summary>
    public const string LogBucket = "honeytoken-trail-logs";

    private const string SeedAccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    private const string SeedSecretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly List<ChildProcess> _processes = [];
    private readonly string _adminToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    private ServiceUnderTest(string connectionString, string adminConnectionString, string databaseName)
    {
        ConnectionString = connectionString;
        AdminConnectionString = adminConnectionString;
        DatabaseName = databaseName;
    }

    public string ConnectionString { get; }

    private string AdminConnectionString { get; }

    private string DatabaseName { get; }

    public Uri EmulatorUri { get; private set; } = null!;

    public Uri ApiUri { get; private set; } = null!;

    public ChildProcess Silo { get; private set; } = null!;

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Starts the three processes from the Release build under <paramref name="repositoryRoot"/>.</summary>
    public static async Task<ServiceUnderTest> StartAsync(string repositoryRoot, string adminConnectionString, string databaseName, string logDirectory)
    {
        var connection = await CreateDatabaseAsync(adminConnectionString, databaseName);
        var service = new ServiceUnderTest(connection, adminConnectionString, databaseName);
        try
        {
            await service.StartProcessesAsync(repositoryRoot, logDirectory);
            await service.ConfigureAsync();
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates honeytokens from the key pool and returns their access key ids.</summary>
    public async Task<IReadOnlyList<string>> CreateTokensAsync(int count)
    {
        var ids = new List<Guid>();
        var deadline = DateTime.UtcNow + StartTimeout;
        while (ids.Count < count)
        {
            using var response = await Http.PostAsJsonAsync(new Uri(ApiUri, "/v1/honeytokens"), new
            {
                name = $"bench-{ids.Count}",
                type = "AWS",
                description = "created by the log ingestion benchmark",
            });
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && DateTime.UtcNow < deadline)
            {
                // The key pool is still being filled.
                await Task.Delay(TimeSpan.FromSeconds(1));
                continue;
            }

            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadFromJsonAsync<JsonObject>();
            ids.Add(Guid.Parse(body!["id"]!.GetValue<string>()));
        }

        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT access_key_id FROM honeytokens WHERE id = ANY(@ids) AND access_key_id IS NOT NULL", connection);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        var keys = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        if (keys.Count != count)
        {
            throw new InvalidOperationException($"Created {count} honeytokens but found {keys.Count} access key ids.");
        }

        return keys;
    }

    /// <summary>Returns an S3 client of the emulator signed with the seed's administrator key.</summary>
    public AmazonS3Client CreateS3Client() => new(
        new BasicAWSCredentials(SeedAccessKeyId, SeedSecretAccessKey),
        new AmazonS3Config { ServiceURL = EmulatorUri.ToString(), ForcePathStyle = true, AuthenticationRegion = "us-west-2" });

    /// <summary>Puts a log object into the bucket, which makes the emulator announce it through SNS.</summary>
    public static async Task PutLogObjectAsync(AmazonS3Client s3, string key, byte[] content)
    {
        using var stream = new MemoryStream(content, writable: false);
        var request = new PutObjectRequest
        {
            BucketName = LogBucket,
            Key = key,
            InputStream = stream,
            ContentType = "application/json",
        };
        request.Headers.ContentEncoding = "gzip";
        await s3.PutObjectAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        // The Api first, then the silo, then the emulator, as the local profile stops them.
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            await _processes[i].DisposeAsync();
        }

        Http.Dispose();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {DatabaseName} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<string> CreateDatabaseAsync(string adminConnectionString, string databaseName)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(databaseName, "^[a-z_][a-z0-9_]*$"))
        {
            throw new ArgumentException($"Invalid database name '{databaseName}': use lower-case letters, digits and _.", nameof(databaseName));
        }

        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {databaseName} WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {databaseName}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = databaseName }.ConnectionString;
    }

    private async Task StartProcessesAsync(string repositoryRoot, string logDirectory)
    {
        string Assembly(string project, string name) => Path.Combine(repositoryRoot, project, "bin", "Release", "net10.0", name);

        var emulatorPort = ChildProcess.FreePort();
        EmulatorUri = new Uri($"http://127.0.0.1:{emulatorPort}/");
        _processes.Add(ChildProcess.StartDotnet(
            "emulator",
            Assembly("deploy/local/Honeytoken.AwsEmulator", "Honeytoken.AwsEmulator.dll"),
            ["--urls", $"http://127.0.0.1:{emulatorPort}", "--create-account-seconds", "0", "--realtime-delay-seconds", "0",
             "--log-file-interval-seconds", "86400"],
            new Dictionary<string, string>(),
            Path.Combine(logDirectory, "emulator.log")));
        await WaitUntilAsync(new Uri(EmulatorUri, "/_emulator/health"), _processes[^1]);

        var apiPort = ChildProcess.FreePort();
        ApiUri = new Uri($"http://127.0.0.1:{apiPort}/");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__Honeytoken"] = ConnectionString,
            ["Honeytoken__Secrets__EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Aws__Endpoints__S3Proxy"] = EmulatorUri.ToString(),
            ["Sns__AllowHttpForAllowedHosts"] = "true",
            ["Sns__AllowedCertificateHosts__0"] = EmulatorUri.Authority,
            ["Honeytoken__Alerts__DashboardUrl"] = ApiUri.ToString().TrimEnd('/'),
            ["Orleans__ClusterId"] = DatabaseName,
            ["Orleans__ServiceId"] = DatabaseName,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };

        Silo = ChildProcess.StartDotnet(
            "silo",
            Assembly("Silo/Honeytoken.Silo", "Honeytoken.Silo.dll"),
            [],
            new Dictionary<string, string>(environment)
            {
                ["Orleans__SiloPort"] = ChildProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Orleans__GatewayPort"] = ChildProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Honeytoken__Health__Port"] = ChildProcess.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            },
            Path.Combine(logDirectory, "silo.log"));
        _processes.Add(Silo);

        _processes.Add(ChildProcess.StartDotnet(
            "api",
            Assembly("Api/Honeytoken.Api", "Honeytoken.Api.dll"),
            ["--urls", $"http://127.0.0.1:{apiPort}"],
            new Dictionary<string, string>(environment)
            {
                ["HONEYTOKEN_BOOTSTRAP_TOKEN"] = _adminToken,
                ["Honeytoken__Bootstrap__TokenFile"] = Path.Combine(logDirectory, "admin-token"),
            },
            Path.Combine(logDirectory, "api.log")));
        await WaitUntilAsync(new Uri(ApiUri, "/readyz"), _processes[^1]);
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", _adminToken);
    }

    private async Task ConfigureAsync()
    {
        // The emulator returns a configuration that points every endpoint at itself.
        var configuration = (await Http.GetFromJsonAsync<JsonObject>(new Uri(EmulatorUri, "/_emulator/config")))!;
        configuration["pool"] = new JsonObject { ["size"] = 10 };
        configuration["organization"]!["member_accounts"] = 1;
        using (var upload = await Http.PutAsync(
            new Uri(ApiUri, "/v1/admin/honeytoken/config"),
            new StringContent(configuration.ToJsonString(), Encoding.UTF8, "application/json")))
        {
            if (!upload.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"The configuration upload failed with {(int)upload.StatusCode}: {await upload.Content.ReadAsStringAsync()}");
            }
        }

        using (var deliveries = await Http.PutAsJsonAsync(new Uri(EmulatorUri, "/_emulator/deliveries"), new
        {
            realTimeUrl = new Uri(ApiUri, "/webhooks/aws/realtime").ToString(),
            realTimeHeaderName = configuration["realtime"]!["webhook_header_name"]!.GetValue<string>(),
            realTimeApiKey = configuration["realtime"]!["webhook_key"]!.GetValue<string>(),
            snsEndpointUrl = new Uri(ApiUri, "/webhooks/aws/sns").ToString(),
        }))
        {
            deliveries.EnsureSuccessStatusCode();
        }

        var deadline = DateTime.UtcNow + StartTimeout;
        while (await ScalarAsync("SELECT count(*) FROM sns_subscription_events WHERE event_type = 'confirmed'") == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The SNS subscription was not confirmed within {StartTimeout}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }

    /// <summary>Runs a query that returns one number.</summary>
    public async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull or null ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task WaitUntilAsync(Uri uri, ChildProcess process)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The {process.Name} process exited during start-up; see {process.Name}.log.");
            }

            try
            {
                using var response = await Http.GetAsync(uri);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{uri} did not return 200 within {StartTimeout}; see {process.Name}.log.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500));
        }
    }
}
