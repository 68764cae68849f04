using Npgsql;

namespace Honeytoken.Api.Tests.Infrastructure;

/// <summary>
/// A database of its own on the PostgreSQL server named by <c>HONEYTOKEN_TEST_POSTGRES</c>,
/// with the silo's migrations applied, dropped again on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public const string ServerVariable = "HONEYTOKEN_TEST_POSTGRES";

    private readonly string adminConnectionString;

    private TestDatabase(string adminConnectionString, string name, string connectionString)
    {
        this.adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
    }

    public string Name { get; }

    public string ConnectionString { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<TestDatabase> CreateAsync(string purpose)
    {
        var admin = Environment.GetEnvironmentVariable(ServerVariable)
            ?? throw new InvalidOperationException(
                $"{ServerVariable} is not set. Set it to an Npgsql connection string of a PostgreSQL 15 server, " +
                "or run deploy/local/test.sh, which starts one.");

        var name = $"api_{purpose}_{Guid.NewGuid():N}"[..40].ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
        var database = new TestDatabase(admin, name, connectionString);
        await database.MigrateAsync();
        return database;
    }

    /// <summary>
    /// Makes the database unreachable, as an outage would: new connections are rejected and
    /// open ones, the Api's pooled connections among them, are closed by the server.
    /// </summary>
    public async Task RejectConnectionsAsync()
    {
        await AdministerAsync(
            $"ALTER DATABASE {Name} ALLOW_CONNECTIONS false",
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}'");
    }

    /// <summary>Ends the outage that <see cref="RejectConnectionsAsync"/> started.</summary>
    public Task AcceptConnectionsAsync() => AdministerAsync($"ALTER DATABASE {Name} ALLOW_CONNECTIONS true");

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();

        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    // The silo's migration runner lives in the silo project, which this test project does not
    // reference (it would load the real grains next to the test grains), so the same files
    // are applied here in version order.
    private async Task MigrateAsync()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "Migrations");
        foreach (var file in Directory.GetFiles(folder, "*.sql").Order(StringComparer.Ordinal))
        {
            await using var connection = await DataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var command = new NpgsqlCommand(await File.ReadAllTextAsync(file), connection, transaction);
            await command.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
    }

    private async Task AdministerAsync(params string[] statements)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
