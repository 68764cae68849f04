using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Honeytoken.Grains.Storage;

/// <summary>
/// Writes the query tables that belong to honeytokens: their rows, their events and the audit
/// log. Only the honeytoken grain writes through it, for its own token; the key pool reads
/// which tokens are pooled.
/// </summary>
public sealed class HoneytokenStore(NpgsqlDataSource dataSource)
{
    /// <summary>The index that keeps names unique among the tokens that are not revoked.</summary>
    public const string LiveNameIndex = "honeytokens_live_name";

    /// <summary>The index that gives each IAM user in an account to one token.</summary>
    public const string IamUserIndex = "honeytokens_iam_user";

    private const string UpsertSql = """
        INSERT INTO honeytokens (id, installation_id, lifecycle, name, description, custom_tags, account_id,
            iam_user_name, access_key_id, secret_access_key_encrypted, provisioned_at, created_at, triggered_at,
            revoked_at, open_events_count, creator_id, revoker_id, failure_reason, row_version, updated_at)
        VALUES (@id, @installation_id, @lifecycle, @name, @description, @custom_tags, @account_id,
            @iam_user_name, @access_key_id, @secret, @provisioned_at, @created_at, @triggered_at,
            @revoked_at, @open_events_count, @creator_id, @revoker_id, @failure_reason, @row_version, now())
        ON CONFLICT (id) DO UPDATE SET
            lifecycle = EXCLUDED.lifecycle,
            name = EXCLUDED.name,
            description = EXCLUDED.description,
            custom_tags = EXCLUDED.custom_tags,
            account_id = EXCLUDED.account_id,
            iam_user_name = EXCLUDED.iam_user_name,
            access_key_id = EXCLUDED.access_key_id,
            secret_access_key_encrypted = EXCLUDED.secret_access_key_encrypted,
            provisioned_at = EXCLUDED.provisioned_at,
            created_at = EXCLUDED.created_at,
            triggered_at = EXCLUDED.triggered_at,
            revoked_at = EXCLUDED.revoked_at,
            open_events_count = EXCLUDED.open_events_count,
            creator_id = EXCLUDED.creator_id,
            revoker_id = EXCLUDED.revoker_id,
            failure_reason = EXCLUDED.failure_reason,
            row_version = EXCLUDED.row_version,
            updated_at = now()
        WHERE honeytokens.row_version < EXCLUDED.row_version
        """;

    private const string ConflictingNameSql = """
        SELECT id FROM honeytokens
        WHERE installation_id = @installation_id AND name = @name AND id <> @id
          AND lifecycle NOT IN ('revoking', 'revoked')
        LIMIT 1
        """;

    // A report of an event that is already stored adds its channel and changes nothing else.
    private const string InsertEventSql = """
        INSERT INTO honeytoken_events (id, honeytoken_id, event_key, event_time, first_received_at, ip_address,
            action, region, user_agent, error_code, channels)
        VALUES (@id, @honeytoken_id, @event_key, @event_time, @received_at, @ip_address,
            @action, @region, @user_agent, @error_code, jsonb_build_object(@channel::text, @received_at))
        ON CONFLICT (honeytoken_id, event_key) DO UPDATE SET
            channels = honeytoken_events.channels || jsonb_build_object(@channel::text, @received_at)
                WHERE NOT honeytoken_events.channels ? @channel
        RETURNING (xmax = 0) AS inserted
        """;

    private const string CountOpenEventsSql = """
        SELECT count(*)::integer FROM honeytoken_events WHERE honeytoken_id = @honeytoken_id AND status = 'open'
        """;

    private const string ArchiveOpenEventsSql = """
        UPDATE honeytoken_events SET status = 'archived' WHERE honeytoken_id = @honeytoken_id AND status = 'open'
        """;

    private const string RowVersionSql = "SELECT row_version FROM honeytokens WHERE id = @id";

    private const string PooledIdsSql = """
        SELECT id FROM honeytokens
        WHERE installation_id = @installation_id AND lifecycle = 'pooled' AND updated_at < @written_before
        """;

    /// <summary>
    /// Writes the row and, when given, its audit entry in one transaction. A name or IAM user
    /// name taken by another token is returned as an outcome and writes nothing. A row that is
    /// already at this version or a newer one is left as it is, and the audit entry is not
    /// written again, so a repeated write records the change once.
    /// </summary>
    public async Task<RowWriteResult> WriteAsync(HoneytokenRow row, AuditEntry? audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        int changed;
        try
        {
            await using var upsert = new NpgsqlCommand(UpsertSql, connection, transaction);
            AddRowParameters(upsert, row);
            changed = await upsert.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync(cancellationToken);
            return exception.ConstraintName switch
            {
                LiveNameIndex => new RowWriteResult(RowWriteOutcome.NameConflict, await FindConflictingNameAsync(row, cancellationToken)),
                IamUserIndex => new RowWriteResult(RowWriteOutcome.IamUserNameTaken),
                _ => throw new InvalidOperationException($"Writing honeytoken {row.Id} violated the unexpected constraint {exception.ConstraintName}.", exception),
            };
        }

        if (audit is not null && changed > 0)
        {
            await using var insert = AuditLog.CreateInsert(connection, transaction, audit);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return RowWriteResult.Written;
    }

    /// <summary>Returns the version of the token's row, or null when it has no row.</summary>
    public async Task<long?> ReadRowVersionAsync(Guid honeytokenId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(RowVersionSql);
        command.Parameters.AddWithValue("id", honeytokenId);
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }

    /// <summary>Returns the ids of the installation's tokens whose rows, written before <paramref name="writtenBefore"/>, say they are pooled.</summary>
    public async Task<IReadOnlyList<Guid>> ReadPooledIdsAsync(string installationId, DateTimeOffset writtenBefore, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(PooledIdsSql);
        command.Parameters.AddWithValue("installation_id", installationId);
        command.Parameters.AddWithValue("written_before", writtenBefore);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var ids = new List<Guid>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>
    /// Stores an event of the token, or adds the channel to the stored one with the same key.
    /// Returns whether the event is new and how many events of the token are open.
    /// </summary>
    public async Task<(bool Inserted, int OpenEvents)> RecordEventAsync(
        Guid honeytokenId, HoneytokenEventInput input, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        bool inserted;
        await using (var insert = new NpgsqlCommand(InsertEventSql, connection))
        {
            insert.Parameters.AddWithValue("id", Guid.CreateVersion7(receivedAt));
            insert.Parameters.AddWithValue("honeytoken_id", honeytokenId);
            insert.Parameters.AddWithValue("event_key", input.EventKey);
            insert.Parameters.AddWithValue("event_time", input.EventTime);
            insert.Parameters.AddWithValue("received_at", receivedAt);
            insert.Parameters.AddWithValue("ip_address", (object?)input.IpAddress ?? DBNull.Value);
            insert.Parameters.AddWithValue("action", input.Action);
            insert.Parameters.AddWithValue("region", (object?)input.Region ?? DBNull.Value);
            insert.Parameters.AddWithValue("user_agent", (object?)input.UserAgent ?? DBNull.Value);
            insert.Parameters.AddWithValue("error_code", (object?)input.ErrorCode ?? DBNull.Value);
            insert.Parameters.AddWithValue("channel", input.Channel);

            // No row comes back when the event and its channel were both stored already.
            inserted = await insert.ExecuteScalarAsync(cancellationToken) is true;
        }

        return (inserted, await CountOpenEventsAsync(connection, honeytokenId, cancellationToken));
    }

    /// <summary>Archives every open event of the token and returns how many it archived.</summary>
    public async Task<int> ArchiveOpenEventsAsync(Guid honeytokenId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ArchiveOpenEventsSql);
        command.Parameters.AddWithValue("honeytoken_id", honeytokenId);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<int> CountOpenEventsAsync(NpgsqlConnection connection, Guid honeytokenId, CancellationToken cancellationToken)
    {
        await using var count = new NpgsqlCommand(CountOpenEventsSql, connection);
        count.Parameters.AddWithValue("honeytoken_id", honeytokenId);
        return (int)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<Guid?> FindConflictingNameAsync(HoneytokenRow row, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ConflictingNameSql);
        command.Parameters.AddWithValue("installation_id", row.InstallationId);
        command.Parameters.AddWithValue("name", (object?)row.Name ?? DBNull.Value);
        command.Parameters.AddWithValue("id", row.Id);
        return await command.ExecuteScalarAsync(cancellationToken) as Guid?;
    }

    private static void AddRowParameters(NpgsqlCommand command, HoneytokenRow row)
    {
        var parameters = command.Parameters;
        parameters.AddWithValue("id", row.Id);
        parameters.AddWithValue("installation_id", row.InstallationId);
        parameters.AddWithValue("lifecycle", HoneytokenRow.LifecycleText(row.Lifecycle));
        parameters.AddWithValue("name", (object?)row.Name ?? DBNull.Value);
        parameters.AddWithValue("description", (object?)row.Description ?? DBNull.Value);
        parameters.Add(new NpgsqlParameter("custom_tags", NpgsqlDbType.Jsonb)
        {
            Value = JsonSerializer.Serialize(row.CustomTags.Select(tag => new { key = tag.Key, value = tag.Value })),
        });
        parameters.AddWithValue("account_id", (object?)row.AccountId ?? DBNull.Value);
        parameters.AddWithValue("iam_user_name", (object?)row.IamUserName ?? DBNull.Value);
        parameters.AddWithValue("access_key_id", (object?)row.AccessKeyId ?? DBNull.Value);
        parameters.Add(new NpgsqlParameter("secret", NpgsqlDbType.Bytea) { Value = (object?)row.SecretAccessKeyProtected ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("provisioned_at", NpgsqlDbType.TimestampTz) { Value = (object?)row.ProvisionedAt ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("created_at", NpgsqlDbType.TimestampTz) { Value = (object?)row.CreatedAt ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("triggered_at", NpgsqlDbType.TimestampTz) { Value = (object?)row.TriggeredAt ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("revoked_at", NpgsqlDbType.TimestampTz) { Value = (object?)row.RevokedAt ?? DBNull.Value });
        parameters.AddWithValue("open_events_count", row.OpenEventsCount);
        parameters.AddWithValue("creator_id", (object?)row.CreatorId ?? DBNull.Value);
        parameters.AddWithValue("revoker_id", (object?)row.RevokerId ?? DBNull.Value);
        parameters.AddWithValue("failure_reason", (object?)row.FailureReason ?? DBNull.Value);
        parameters.AddWithValue("row_version", row.RowVersion);
    }
}
