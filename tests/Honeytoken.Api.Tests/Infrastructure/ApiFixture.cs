using System.Net.Http.Headers;
using System.Text.Json;
using Honeytoken.Api.Authentication;
using Honeytoken.Grains.Setup;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NpgsqlTypes;
using Orleans.TestingHost;

namespace Honeytoken.Api.Tests.Infrastructure;

/// <summary>A honeytoken row to insert directly into the query table.</summary>
public sealed record SeedToken(Guid Id, string Lifecycle, string? Name)
{
    public string? Description { get; init; }

    public IReadOnlyList<(string Key, string Value)> Tags { get; init; } = [];

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? TriggeredAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }
}

/// <summary>
/// One migrated database, one silo on the ADO.NET clustering provider hosting the test grains,
/// and the Api connected to it as a client, shared by the tests of the "api" collection.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public ApiFactory Factory { get; private set; } = null!;

    public string BootstrapToken { get; } = ApiTokenValues.Generate();

    public IClusterClient Client => Factory.Services.GetRequiredService<IClusterClient>();

    public async Task InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("shared");
        Cluster = await StartClusterAsync(Database.ConnectionString);
        Factory = CreateFactory();

        // Starting the server here makes the first test's time its own, not the start-up's.
        _ = Factory.Server;
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>A new Api instance on the same cluster and database, for tests that need other settings.</summary>
    public ApiFactory CreateFactory(Func<ApiSettings, ApiSettings>? configure = null)
    {
        var settings = new ApiSettings(Database.ConnectionString, Cluster.Options.ClusterId, Cluster.Options.ServiceId, BootstrapToken);
        return new ApiFactory(configure is null ? settings : configure(settings));
    }

    public HttpClient CreateClient(string? token, ApiFactory? factory = null)
    {
        var client = (factory ?? Factory).CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        }

        return client;
    }

    /// <summary>Stores an API token directly in the table and returns its id and value.</summary>
    public async Task<(Guid Id, string Value)> CreateApiTokenAsync(IReadOnlyList<string> scopes, DateTimeOffset? expiresAt = null)
    {
        var id = Guid.NewGuid();
        var value = ApiTokenValues.Generate();

        await using var command = Database.DataSource.CreateCommand(
            """
            INSERT INTO api_tokens (id, name, token_sha256, scopes, created_at, created_by, expires_at)
            VALUES (@id, 'test', @hash, @scopes, now(), 'test', @expires_at)
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("hash", ApiTokenValues.Hash(value));
        command.Parameters.AddWithValue("scopes", scopes.ToArray());
        command.Parameters.AddWithValue("expires_at", NpgsqlDbType.TimestampTz, (object?)expiresAt ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();

        return (id, value);
    }

    /// <summary>Inserts honeytoken rows with COPY, which keeps 10,000 rows under a second.</summary>
    public async Task InsertHoneytokensAsync(IEnumerable<SeedToken> tokens)
    {
        await using var connection = await Database.DataSource.OpenConnectionAsync();
        await using var writer = await connection.BeginBinaryImportAsync(
            """
            COPY honeytokens (id, installation_id, lifecycle, name, description, custom_tags, access_key_id,
                              created_at, triggered_at, revoked_at, row_version) FROM STDIN (FORMAT BINARY)
            """);
        foreach (var token in tokens)
        {
            await writer.StartRowAsync();
            await writer.WriteAsync(token.Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(Installation.DefaultId, NpgsqlDbType.Text);
            await writer.WriteAsync(token.Lifecycle, NpgsqlDbType.Text);
            await WriteNullableAsync(writer, token.Name, NpgsqlDbType.Text);
            await WriteNullableAsync(writer, token.Description, NpgsqlDbType.Text);
            await writer.WriteAsync(JsonSerializer.Serialize(token.Tags.Select(tag => new Dictionary<string, string> { ["key"] = tag.Key, ["value"] = tag.Value })), NpgsqlDbType.Jsonb);
            await writer.WriteAsync($"AKIA{token.Id:N}"[..20].ToUpperInvariant(), NpgsqlDbType.Text);
            await WriteNullableAsync(writer, token.CreatedAt, NpgsqlDbType.TimestampTz);
            await WriteNullableAsync(writer, token.TriggeredAt, NpgsqlDbType.TimestampTz);
            await WriteNullableAsync(writer, token.RevokedAt, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(1L, NpgsqlDbType.Bigint);
        }

        await writer.CompleteAsync();
    }

    /// <summary>Inserts one event of the token, and returns its id.</summary>
    public async Task<Guid> InsertEventAsync(Guid honeytokenId, string status, string? ipAddress, DateTimeOffset eventTime)
    {
        var id = Guid.NewGuid();
        await using var command = Database.DataSource.CreateCommand(
            """
            INSERT INTO honeytoken_events (id, honeytoken_id, event_key, event_time, first_received_at, status, ip_address,
                                           action, region, user_agent, channels, data, tags)
            VALUES (@id, @honeytoken_id, @id::text, @event_time, now(), @status, @ip_address, 'GetCallerIdentity', 'us-east-1',
                    'aws-cli/2.15.0', '{"realtime": "2026-01-01T00:00:00Z"}', '{"event_id": "e1", "event_source": "sts.amazonaws.com"}', '{}')
            """);
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("honeytoken_id", honeytokenId);
        command.Parameters.AddWithValue("event_time", eventTime);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("ip_address", NpgsqlDbType.Text, (object?)ipAddress ?? DBNull.Value);
        await command.ExecuteNonQueryAsync();
        return id;
    }

    /// <summary>Returns the <c>list_position</c> of each token.</summary>
    public async Task<Dictionary<Guid, long>> ListPositionsAsync(IReadOnlyCollection<Guid> ids)
    {
        await using var command = Database.DataSource.CreateCommand("SELECT id, list_position FROM honeytokens WHERE id = ANY (@ids)");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        var positions = new Dictionary<Guid, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            positions[reader.GetGuid(0)] = reader.GetInt64(1);
        }

        return positions;
    }

    /// <summary>Inserts pooled rows and puts them in the test key pool; returns their ids.</summary>
    public async Task<IReadOnlyList<Guid>> AddPooledKeysAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()).ToList();
        await InsertHoneytokensAsync(ids.Select(id => new SeedToken(id, "pooled", null)));
        await Client.GetGrain<ITestKeyPoolStock>(Installation.DefaultId).AddAsync(ids);
        return ids;
    }

    private static async Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type)
    {
        if (value is null)
        {
            await writer.WriteNullAsync();
        }
        else
        {
            await writer.WriteAsync(value, type);
        }
    }

    private static async Task<TestCluster> StartClusterAsync(string connectionString)
    {
        var builder = new TestClusterBuilder(1);
        builder.Options.UseTestClusterMembership = false;
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        builder.Options.InitializeClientOnDeploy = false;
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Honeytoken"] = connectionString,
        }));
        builder.AddSiloBuilderConfigurator<TestSiloConfigurator>();

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private sealed class TestSiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            var connectionString = siloBuilder.Configuration.GetConnectionString("Honeytoken")!;
            siloBuilder.UseAdoNetClustering(options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = connectionString;
            });
            siloBuilder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
            siloBuilder.Services.AddSingleton(TimeProvider.System);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
