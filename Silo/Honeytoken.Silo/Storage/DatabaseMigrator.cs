using System.Data;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Honeytoken.Silo.Storage;

/// <summary>
/// Brings a PostgreSQL database to the schema of this build by applying the embedded
/// migrations that it has not applied yet.
/// </summary>
/// <remarks>
/// <para>
/// The <c>schema_migrations</c> table records each applied migration with its checksum.
/// Running the migrator again applies nothing. A migration whose file changed after it was
/// applied stops the run, because a change to the schema belongs in a new file.
/// </para>
/// <para>
/// Silos that start together all run the migrator. A PostgreSQL session advisory lock makes
/// them take turns, so the first applies the migrations and the others find them applied.
/// Each migration runs in its own transaction together with its <c>schema_migrations</c>
/// row, so a failed migration leaves neither behind and the next start retries it.
/// </para>
/// </remarks>
public sealed class DatabaseMigrator
{
    /// <summary>
    /// The advisory lock key of the migration step: the ASCII bytes of "HoneyTok" read as a
    /// big-endian int64. Any constant works as long as every build uses the same one.
    /// </summary>
    public const long AdvisoryLockKey = 0x486F6E6579546F6B;

    /// <summary>How long a migrator waits for another one to release the lock.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);

    // A migration may rewrite large tables, so it gets far longer than Npgsql's 30 s default.
    private static readonly TimeSpan MigrationTimeout = TimeSpan.FromMinutes(30);

    private const string CreateHistoryTableSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations
        (
            version integer NOT NULL PRIMARY KEY,
            name text NOT NULL,
            checksum text NOT NULL,
            applied_at timestamptz NOT NULL
        );
        """;

    private readonly string connectionString;
    private readonly IReadOnlyList<Migration> migrations;
    private readonly ILogger<DatabaseMigrator> logger;
    private readonly TimeProvider timeProvider;

    /// <summary>Creates a migrator for the migrations embedded in this assembly.</summary>
    public DatabaseMigrator(string connectionString, ILogger<DatabaseMigrator> logger, TimeProvider timeProvider)
        : this(connectionString, Migration.LoadEmbedded(), logger, timeProvider)
    {
    }

    /// <summary>Creates a migrator for the given migrations, which must have distinct versions.</summary>
    public DatabaseMigrator(
        string connectionString,
        IReadOnlyList<Migration> migrations,
        ILogger<DatabaseMigrator> logger,
        TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);

        this.connectionString = connectionString;
        this.migrations = [.. migrations.OrderBy(migration => migration.Version)];
        this.logger = logger;
        this.timeProvider = timeProvider;
    }

    /// <summary>
    /// Applies the pending migrations in version order and returns how many it applied.
    /// </summary>
    /// <exception cref="InvalidOperationException">An applied migration's file has changed.</exception>
    /// <exception cref="PostgresException">
    /// The lock was not granted within <see cref="LockTimeout"/>, or a migration failed; the
    /// failed migration was rolled back.
    /// </exception>
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        var database = connection.Database;

        await AcquireLockAsync(connection, database, cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, CreateHistoryTableSql, cancellationToken);

            var applied = await ReadAppliedAsync(connection, cancellationToken);
            CheckApplied(applied, database);

            var pending = migrations.Where(migration => !applied.ContainsKey(migration.Version)).ToList();
            foreach (var migration in pending)
            {
                await ApplyAsync(connection, migration, database, cancellationToken);
            }

            var current = migrations.Select(migration => migration.Version).Concat(applied.Keys).DefaultIfEmpty(0).Max();
            MigrationLog.UpToDate(logger, database, current);
            return pending.Count;
        }
        finally
        {
            // Closing the connection would release the lock too, but a pooled connection
            // stays open, so release it explicitly and without the caller's token. A broken
            // connection has lost the lock already.
            if (connection.State == ConnectionState.Open)
            {
                await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
            }
        }
    }

    private async Task AcquireLockAsync(NpgsqlConnection connection, string database, CancellationToken cancellationToken)
    {
        await using (var tryLock = new NpgsqlCommand($"SELECT pg_try_advisory_lock({AdvisoryLockKey})", connection))
        {
            if (await tryLock.ExecuteScalarAsync(cancellationToken) is true)
            {
                return;
            }
        }

        MigrationLog.WaitingForLock(logger, database, LockTimeout.TotalSeconds);

        // lock_timeout bounds the wait inside PostgreSQL, which then fails the statement with
        // SQLSTATE 55P03 (lock_not_available). The session lock outlives the batch.
        var timeout = ((long)LockTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        await using var waitForLock = new NpgsqlCommand(
            $"SET lock_timeout = {timeout}; SELECT pg_advisory_lock({AdvisoryLockKey}); RESET lock_timeout;",
            connection);
        waitForLock.CommandTimeout = (int)(LockTimeout + TimeSpan.FromMinutes(1)).TotalSeconds;
        await waitForLock.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<Dictionary<int, (string Name, string Checksum)>> ReadAppliedAsync(
        NpgsqlConnection connection,
        CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, (string Name, string Checksum)>();
        await using var command = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            applied.Add(reader.GetInt32(0), (reader.GetString(1), reader.GetString(2)));
        }

        return applied;
    }

    private void CheckApplied(Dictionary<int, (string Name, string Checksum)> applied, string database)
    {
        foreach (var (version, (name, checksum)) in applied.OrderBy(entry => entry.Key))
        {
            var migration = migrations.FirstOrDefault(candidate => candidate.Version == version);
            if (migration is null)
            {
                MigrationLog.UnknownApplied(logger, database, version, name);
                continue;
            }

            if (!string.Equals(migration.Checksum, checksum, StringComparison.Ordinal))
            {
                MigrationLog.ChecksumMismatch(logger, version, name, checksum, migration.Checksum);
                throw new InvalidOperationException(
                    $"Migration {migration.FileName} was changed after database '{database}' applied it " +
                    $"(applied checksum {checksum}, file checksum {migration.Checksum}). " +
                    "Restore the file as it was and put the change in a new migration with the next number.");
            }
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, Migration migration, string database, CancellationToken cancellationToken)
    {
        MigrationLog.Applying(logger, migration.Version, migration.Name, database);
        var started = timeProvider.GetTimestamp();

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken);

            await using var record = new NpgsqlCommand(
                "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (@version, @name, @checksum, @applied_at)",
                connection,
                transaction);
            record.Parameters.AddWithValue("version", migration.Version);
            record.Parameters.AddWithValue("name", migration.Name);
            record.Parameters.AddWithValue("checksum", migration.Checksum);
            record.Parameters.AddWithValue("applied_at", timeProvider.GetUtcNow());
            await record.ExecuteNonQueryAsync(cancellationToken);

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is NpgsqlException or OperationCanceledException)
        {
            MigrationLog.Failed(logger, exception, migration.Version, migration.Name);
            throw;
        }

        var elapsed = timeProvider.GetElapsedTime(started);
        MigrationLog.Applied(logger, migration.Version, migration.Name, (long)elapsed.TotalMilliseconds);
    }

    private static async Task ExecuteAsync(
        NpgsqlConnection connection,
        NpgsqlTransaction? transaction,
        string sql,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.CommandTimeout = (int)MigrationTimeout.TotalSeconds;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
