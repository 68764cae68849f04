using Npgsql;

namespace Honeytoken.Grains.Storage;

/// <summary>
/// The ingestion tables: processing state of log objects, SNS messages already handled and
/// subscription changes of the log topic.
/// </summary>
public sealed class IngestionStore(NpgsqlDataSource dataSource)
{
    private const string UpsertLogFileSql = """
        INSERT INTO log_files (bucket, object_key, status, attempts, records_read, events_routed,
            quarantine_reason, quarantine_offset, first_seen_at, updated_at)
        VALUES (@bucket, @object_key, @status, @attempts, @records_read, @events_routed,
            @quarantine_reason, @quarantine_offset, @now, @now)
        ON CONFLICT (bucket, object_key) DO UPDATE SET
            status = excluded.status, attempts = excluded.attempts, records_read = excluded.records_read,
            events_routed = excluded.events_routed, quarantine_reason = excluded.quarantine_reason,
            quarantine_offset = excluded.quarantine_offset, updated_at = excluded.updated_at
        """;

    private const string ListFinishedLogFilesSql = """
        SELECT object_key FROM log_files
        WHERE bucket = @bucket AND object_key = ANY(@keys) AND status IN ('done', 'quarantined')
        """;

    private const string InsertMessageSql = """
        INSERT INTO sns_messages (message_id, message_type, topic_arn, received_at)
        VALUES (@message_id, @message_type, @topic_arn, @received_at)
        ON CONFLICT (message_id) DO NOTHING
        """;

    private const string MessageExistsSql = "SELECT EXISTS (SELECT 1 FROM sns_messages WHERE message_id = @message_id)";

    private const string InsertSubscriptionEventSql = """
        INSERT INTO sns_subscription_events (topic_arn, event_type, detail, occurred_at)
        VALUES (@topic_arn, @event_type, @detail, @occurred_at)
        """;

    private const string ListActiveKeysSql = """
        SELECT id, account_id, access_key_id FROM honeytokens
        WHERE installation_id = @installation_id AND lifecycle IN ('active', 'triggered')
          AND account_id IS NOT NULL AND access_key_id IS NOT NULL
        ORDER BY list_position
        """;

    /// <summary>Returns the handed-out, unrevoked tokens of an installation with their account and key.</summary>
    public async Task<IReadOnlyList<(Guid TokenId, string AccountId, string AccessKeyId)>> ListActiveKeysAsync(
        string installationId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ListActiveKeysSql);
        command.Parameters.AddWithValue("installation_id", installationId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var keys = new List<(Guid, string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            keys.Add((reader.GetGuid(0), reader.GetString(1), reader.GetString(2)));
        }

        return keys;
    }

    /// <summary>Writes the state of one log object.</summary>
    public async Task WriteLogFileAsync(LogFileRow row, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(row);

        await using var command = dataSource.CreateCommand(UpsertLogFileSql);
        var parameters = command.Parameters;
        parameters.AddWithValue("bucket", row.Bucket);
        parameters.AddWithValue("object_key", row.ObjectKey);
        parameters.AddWithValue("status", row.Status);
        parameters.AddWithValue("attempts", row.Attempts);
        parameters.AddWithValue("records_read", row.RecordsRead);
        parameters.AddWithValue("events_routed", row.EventsRouted);
        parameters.AddWithValue("quarantine_reason", (object?)row.QuarantineReason ?? DBNull.Value);
        parameters.AddWithValue("quarantine_offset", (object?)row.QuarantineOffset ?? DBNull.Value);
        parameters.AddWithValue("now", now);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Returns the keys among <paramref name="keys"/> whose log object is done or quarantined,
    /// so that a listing calls no grain for them.
    /// </summary>
    public async Task<IReadOnlySet<string>> ListFinishedLogFilesAsync(string bucket, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);

        var finished = new HashSet<string>(StringComparer.Ordinal);
        if (keys.Count == 0)
        {
            return finished;
        }

        await using var command = dataSource.CreateCommand(ListFinishedLogFilesSql);
        command.Parameters.AddWithValue("bucket", bucket);
        command.Parameters.AddWithValue("keys", keys.ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            finished.Add(reader.GetString(0));
        }

        return finished;
    }

    /// <summary>Returns whether an SNS message with this id was handled already.</summary>
    public async Task<bool> IsMessageHandledAsync(string messageId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(MessageExistsSql);
        command.Parameters.AddWithValue("message_id", messageId);
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>Records that an SNS message was handled; a second call with the same id does nothing.</summary>
    public async Task MarkMessageHandledAsync(string messageId, string messageType, string topicArn, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(InsertMessageSql);
        command.Parameters.AddWithValue("message_id", messageId);
        command.Parameters.AddWithValue("message_type", messageType);
        command.Parameters.AddWithValue("topic_arn", topicArn);
        command.Parameters.AddWithValue("received_at", receivedAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records a confirmation or an unsubscribe of the log topic, for the health page.</summary>
    public async Task AddSubscriptionEventAsync(string topicArn, string eventType, string? detail, DateTimeOffset occurredAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(InsertSubscriptionEventSql);
        command.Parameters.AddWithValue("topic_arn", topicArn);
        command.Parameters.AddWithValue("event_type", eventType);
        command.Parameters.AddWithValue("detail", (object?)detail ?? DBNull.Value);
        command.Parameters.AddWithValue("occurred_at", occurredAt);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The row of one log object in <c>log_files</c>.</summary>
public sealed record LogFileRow(
    string Bucket,
    string ObjectKey,
    string Status,
    int Attempts,
    int RecordsRead,
    int EventsRouted,
    string? QuarantineReason,
    long? QuarantineOffset);
