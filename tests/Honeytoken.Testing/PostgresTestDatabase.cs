using Honeytoken.Silo.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Honeytoken.Testing;

/// <summary>
/// A database of its own on the test server, created for one fixture and dropped when it is
/// disposed, so tests never see each other's rows.
/// </summary>
public sealed class PostgresTestDatabase : IAsyncDisposable
{
    private readonly string adminConnectionString;

    private PostgresTestDatabase(string adminConnectionString, string name, string connectionString)
    {
        this.adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
    }

    /// <summary>The database name: <c>honeytoken_test_</c> and 32 hex digits.</summary>
    public string Name { get; }

    /// <summary>The admin connection string of the test server, pointed at this database.</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// Creates a database and applies every migration of the silo to it.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="TestPostgres.EnvironmentVariable"/> is not set.</exception>
    public static async Task<PostgresTestDatabase> CreateAsync(CancellationToken cancellationToken = default)
    {
        var database = await CreateEmptyAsync(cancellationToken);
        try
        {
            var migrator = new DatabaseMigrator(database.ConnectionString, NullLogger<DatabaseMigrator>.Instance, TimeProvider.System);
            await migrator.MigrateAsync(cancellationToken);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates a database without applying any migration, for tests of the migrations.
    /// </summary>
    /// <exception cref="InvalidOperationException"><see cref="TestPostgres.EnvironmentVariable"/> is not set.</exception>
    public static async Task<PostgresTestDatabase> CreateEmptyAsync(CancellationToken cancellationToken = default)
    {
        var adminConnectionString = TestPostgres.AdminConnectionString;
        var name = $"honeytoken_test_{Guid.NewGuid():N}";

        await using (var connection = new NpgsqlConnection(adminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);

            // The name is generated above from a GUID, so it needs no quoting or escaping.
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var connectionString = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name }.ConnectionString;
        return new PostgresTestDatabase(adminConnectionString, name, connectionString);
    }

    /// <summary>Opens a connection to this database.</summary>
    public async Task<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// Makes the database unreachable, as an outage would: new connections are rejected and the
    /// server closes the open ones, the silos' pooled connections among them.
    /// </summary>
    public async Task RejectConnectionsAsync()
    {
        await AdministerAsync($"ALTER DATABASE {Name} ALLOW_CONNECTIONS false");
        await AdministerAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}'");
    }

    /// <summary>Ends the outage that <see cref="RejectConnectionsAsync"/> started.</summary>
    public Task AcceptConnectionsAsync() => AdministerAsync($"ALTER DATABASE {Name} ALLOW_CONNECTIONS true");

    /// <summary>
    /// Drops the database. FORCE ends the sessions that silos or pooled connections still
    /// hold on it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await using (var pooled = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(pooled);
        }

        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    // The name is generated from a GUID, so the statements need no quoting or escaping.
    private async Task AdministerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
