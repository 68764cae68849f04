using Honeytoken.Silo.Storage;
using Honeytoken.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Honeytoken.Silo.Tests;

public sealed class DatabaseMigratorTests
{
    // Every key that the 10.4.2 clustering, persistence and reminder providers look up.
    private static readonly string[] ProviderQueryKeys =
    [
        "GatewaysQueryKey", "MembershipReadRowKey", "MembershipReadAllKey", "InsertMembershipVersionKey",
        "UpdateIAmAlivetimeKey", "InsertMembershipKey", "UpdateMembershipKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
        "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "UpsertReminderRowKey", "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    [Fact]
    public async Task Migrate_RunTwice_LeavesOneVersion()
    {
        await using var database = await PostgresTestDatabase.CreateEmptyAsync();
        var migrator = CreateMigrator(database);

        var first = await migrator.MigrateAsync(CancellationToken.None);
        var second = await migrator.MigrateAsync(CancellationToken.None);

        var embedded = Migration.LoadEmbedded();
        Assert.Equal(embedded.Count, first);
        Assert.Equal(0, second);
        var rows = await ReadHistoryAsync(database);
        Assert.Equal(embedded.Select(migration => migration.Version), rows.Select(row => row.Version));
        Assert.Equal("orleans", rows[0].Name);
        Assert.Equal(embedded.Select(migration => migration.Checksum), rows.Select(row => row.Checksum));
    }

    [Fact]
    public async Task Migrate_TwoRacingMigrators_ApplyOnce()
    {
        await using var database = await PostgresTestDatabase.CreateEmptyAsync();

        var results = await Task.WhenAll(
            Task.Run(() => CreateMigrator(database).MigrateAsync(CancellationToken.None)),
            Task.Run(() => CreateMigrator(database).MigrateAsync(CancellationToken.None)));

        // One migrator applies every migration; the other finds them applied.
        Assert.Equal(Migration.LoadEmbedded().Count, results.Sum());
        Assert.Contains(0, results);
        Assert.Equal(Migration.LoadEmbedded().Count, (await ReadHistoryAsync(database)).Count);
    }

    [Fact]
    public async Task Migrate_ChangedAppliedMigration_FailsNamingFile()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await ExecuteAsync(database, "UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => CreateMigrator(database).MigrateAsync(CancellationToken.None));

        Assert.Contains("0001_orleans.sql", error.Message, StringComparison.Ordinal);
        Assert.Contains("new migration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_NewMigration_AppliesOnlyIt()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var embedded = Migration.LoadEmbedded();
        var migrations = embedded.Append(Migration.Parse("9001_probe.sql", "CREATE TABLE probe (id integer);")).ToList();
        var migrator = new DatabaseMigrator(database.ConnectionString, migrations, NullLogger<DatabaseMigrator>.Instance, TimeProvider.System);

        var applied = await migrator.MigrateAsync(CancellationToken.None);

        Assert.Equal(1, applied);
        Assert.Equal(embedded.Select(migration => migration.Version).Append(9001), (await ReadHistoryAsync(database)).Select(row => row.Version));
        Assert.Equal(0L, await ScalarAsync<long>(database, "SELECT count(*) FROM probe"));
    }

    [Fact]
    public async Task Migrate_FailingMigration_RollsBack()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var migrations = Migration.LoadEmbedded()
            .Append(Migration.Parse("9001_broken.sql", "CREATE TABLE half_done (id integer); SELECT 1 / 0;"))
            .ToList();
        var migrator = new DatabaseMigrator(database.ConnectionString, migrations, NullLogger<DatabaseMigrator>.Instance, TimeProvider.System);

        await Assert.ThrowsAsync<PostgresException>(() => migrator.MigrateAsync(CancellationToken.None));

        Assert.Equal(Migration.LoadEmbedded().Count, (await ReadHistoryAsync(database)).Count);
        Assert.Null(await ScalarAsync<string?>(database, "SELECT to_regclass('half_done')::text"));
    }

    [Fact]
    public void Parse_MisnamedFile_Fails()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Migration.Parse("2_Orleans.sql", "SELECT 1"));

        Assert.Contains("NNNN_name.sql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_Fresh_InstallsEveryProviderQuery()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();

        var keys = new List<string>();
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            keys.Add(reader.GetString(0));
        }

        Assert.Equal(ProviderQueryKeys.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
    }

    private static DatabaseMigrator CreateMigrator(PostgresTestDatabase database) =>
        new(database.ConnectionString, NullLogger<DatabaseMigrator>.Instance, TimeProvider.System);

    private static async Task<List<(int Version, string Name, string Checksum)>> ReadHistoryAsync(PostgresTestDatabase database)
    {
        var rows = new List<(int, string, string)>();
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migrations ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
        }

        return rows;
    }

    private static async Task ExecuteAsync(PostgresTestDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(PostgresTestDatabase database, string sql)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is DBNull ? default! : (T)value!;
    }
}
