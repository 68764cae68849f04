using Honeytoken.Grains.Events;
using Npgsql;
using NpgsqlTypes;

namespace Honeytoken.Grains.Storage;

/// <summary>
/// Writes honeytoken events to <c>honeytoken_events</c>. A report of an event that is stored
/// already adds its channel, with its arrival time, and changes nothing else.
/// </summary>
public sealed class HoneytokenEventStore(NpgsqlDataSource dataSource)
{
    // The update runs only when the channel is new, so the first arrival time of each channel
    // is kept; RETURNING then yields no row when nothing changed. A new event also gets its
    // alert_outbox row in the same statement, so both are stored or neither is. The sub-query
    // on alert_outbox reads the table as it was before the statement, so it returns the alert
    // of an earlier delivery of this event that was stored but never handed on.
    private const string InsertEventSql = """
        WITH stored AS (
            INSERT INTO honeytoken_events (id, honeytoken_id, event_key, event_time, first_received_at, ip_address,
                action, region, user_agent, error_code, error_message, channels, data, raw_record, tags)
            VALUES (@id, @honeytoken_id, @event_key, @event_time, @received_at, @ip_address,
                @action, @region, @user_agent, @error_code, @error_message,
                jsonb_build_object(@channel::text, @received_at), @data, @raw_record, @tags)
            ON CONFLICT (honeytoken_id, event_key) DO UPDATE SET
                channels = honeytoken_events.channels || jsonb_build_object(@channel::text, @received_at)
                WHERE NOT honeytoken_events.channels ? @channel::text
            RETURNING id, (xmax = 0) AS inserted
        ),
        queued AS (
            INSERT INTO alert_outbox (honeytoken_id, event_key, action, created_at)
            SELECT @honeytoken_id, @event_key, @alert_action, @received_at FROM stored WHERE inserted
        )
        SELECT coalesce((SELECT inserted FROM stored), false),
            (SELECT action FROM alert_outbox WHERE honeytoken_id = @honeytoken_id AND event_key = @event_key),
            coalesce((SELECT id FROM stored),
                (SELECT id FROM honeytoken_events WHERE honeytoken_id = @honeytoken_id AND event_key = @event_key))
        """;

    private const string DeleteOutboxSql = """
        DELETE FROM alert_outbox WHERE honeytoken_id = @honeytoken_id AND event_key = @event_key
        """;

    // The row comparison walks the alert_outbox_sweep index from the cursor on.
    private const string ListPendingAlertsSql = """
        SELECT honeytoken_id, event_key, created_at FROM alert_outbox
        WHERE created_at < @created_before
            AND (@after_created_at::timestamptz IS NULL
                OR (created_at, honeytoken_id, event_key) > (@after_created_at, @after_honeytoken_id, @after_event_key))
        ORDER BY created_at, honeytoken_id, event_key
        LIMIT @limit
        """;

    // The event's first channel is the key of the earliest arrival time in channels. The LEFT
    // JOIN returns an outbox row whose event row is missing, which the caller reports.
    private const string ReadPendingAlertSql = """
        SELECT o.action, e.event_key IS NOT NULL, e.event_time, e.action, e.region, e.ip_address, e.user_agent,
            e.error_code, e.error_message, e.data::text, e.raw_record, e.tags,
            (SELECT key FROM jsonb_each_text(e.channels) ORDER BY value::timestamptz, key LIMIT 1), e.id
        FROM alert_outbox o
        LEFT JOIN honeytoken_events e ON e.honeytoken_id = o.honeytoken_id AND e.event_key = o.event_key
        WHERE o.honeytoken_id = @honeytoken_id AND o.event_key = @event_key
        """;

    private const string CountOpenEventsSql = """
        SELECT count(*)::integer FROM honeytoken_events WHERE honeytoken_id = @honeytoken_id AND status = 'open'
        """;

    private const string LastEventTimeSql = """
        SELECT max(event_time) FROM honeytoken_events WHERE honeytoken_id = @honeytoken_id
        """;

    /// <summary>
    /// Stores the event or merges its channel into the stored one. A new event is stored with
    /// an <c>alert_outbox</c> row for <paramref name="alertAction"/>. Returns whether the
    /// event is new, how many open events the token has afterwards, and, for an event stored
    /// before, the action of its alert that is still in the outbox.
    /// </summary>
    /// <exception cref="NpgsqlException">The database cannot be reached or rejected the write.</exception>
    public async Task<EventWriteResult> RecordAsync(
        Guid honeytokenId, HoneytokenEventReport report, string alertAction, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentException.ThrowIfNullOrEmpty(alertAction);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        bool inserted;
        string? pendingAlert;
        Guid eventId;
        await using (var insert = new NpgsqlCommand(InsertEventSql, connection))
        {
            var parameters = insert.Parameters;
            parameters.AddWithValue("id", Guid.CreateVersion7(receivedAt));
            parameters.AddWithValue("honeytoken_id", honeytokenId);
            parameters.AddWithValue("event_key", report.EventKey);
            parameters.AddWithValue("event_time", report.EventTime);
            parameters.AddWithValue("received_at", receivedAt);
            parameters.AddWithValue("ip_address", (object?)report.IpAddress ?? DBNull.Value);
            parameters.AddWithValue("action", report.Action);
            parameters.AddWithValue("region", (object?)report.Region ?? DBNull.Value);
            parameters.AddWithValue("user_agent", (object?)report.UserAgent ?? DBNull.Value);
            parameters.AddWithValue("error_code", (object?)report.ErrorCode ?? DBNull.Value);
            parameters.AddWithValue("error_message", (object?)report.ErrorMessage ?? DBNull.Value);
            parameters.AddWithValue("channel", report.Channel);
            parameters.Add(new NpgsqlParameter("data", NpgsqlDbType.Jsonb) { Value = report.DataJson });
            parameters.AddWithValue("raw_record", (object?)report.RawRecord ?? DBNull.Value);
            parameters.Add(new NpgsqlParameter("tags", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = report.Tags.ToArray() });
            parameters.AddWithValue("alert_action", alertAction);

            await using var reader = await insert.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            inserted = reader.GetBoolean(0);
            pendingAlert = inserted || reader.IsDBNull(1) ? null : reader.GetString(1);
            eventId = reader.GetGuid(2);
        }

        await using var count = new NpgsqlCommand(CountOpenEventsSql, connection);
        count.Parameters.AddWithValue("honeytoken_id", honeytokenId);
        var openEvents = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
        return new EventWriteResult(inserted, openEvents, pendingAlert, eventId);
    }

    /// <summary>Deletes the outbox row of an event whose alert every destination has queued.</summary>
    public async Task CompleteAlertAsync(Guid honeytokenId, string eventKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(DeleteOutboxSql);
        command.Parameters.AddWithValue("honeytoken_id", honeytokenId);
        command.Parameters.AddWithValue("event_key", eventKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Lists up to <paramref name="limit"/> outbox rows created before <paramref name="createdBefore"/>,
    /// oldest first, starting after <paramref name="after"/> when it is set.
    /// </summary>
    public async Task<IReadOnlyList<PendingAlertEntry>> ListPendingAlertsAsync(
        DateTimeOffset createdBefore, PendingAlertEntry? after, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);

        await using var command = dataSource.CreateCommand(ListPendingAlertsSql);
        var parameters = command.Parameters;
        parameters.AddWithValue("created_before", createdBefore);
        parameters.Add(new NpgsqlParameter("after_created_at", NpgsqlDbType.TimestampTz) { Value = (object?)after?.CreatedAt ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("after_honeytoken_id", NpgsqlDbType.Uuid) { Value = (object?)after?.HoneytokenId ?? DBNull.Value });
        parameters.Add(new NpgsqlParameter("after_event_key", NpgsqlDbType.Text) { Value = (object?)after?.EventKey ?? DBNull.Value });
        parameters.AddWithValue("limit", limit);

        var entries = new List<PendingAlertEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new PendingAlertEntry(reader.GetGuid(0), reader.GetString(1), reader.GetFieldValue<DateTimeOffset>(2)));
        }

        return entries;
    }

    /// <summary>
    /// Reads an event's outbox row with the stored event, rebuilt as the report of its first
    /// channel. Returns null when the event has no outbox row.
    /// </summary>
    public async Task<PendingAlert?> ReadPendingAlertAsync(Guid honeytokenId, string eventKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(ReadPendingAlertSql);
        command.Parameters.AddWithValue("honeytoken_id", honeytokenId);
        command.Parameters.AddWithValue("event_key", eventKey);

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var alertAction = reader.GetString(0);
        if (!reader.GetBoolean(1))
        {
            return new PendingAlert(alertAction, null, null);
        }

        var report = new HoneytokenEventReport
        {
            EventKey = eventKey,
            EventTime = reader.GetFieldValue<DateTimeOffset>(2),
            Action = reader.GetString(3),
            Region = NullableString(reader, 4),
            IpAddress = NullableString(reader, 5),
            UserAgent = NullableString(reader, 6),
            ErrorCode = NullableString(reader, 7),
            ErrorMessage = NullableString(reader, 8),
            DataJson = reader.GetString(9),
            RawRecord = NullableString(reader, 10),
            Tags = reader.GetFieldValue<string[]>(11),

            // Every stored event has a channel; an empty channels object could only come from
            // a row written by hand.
            Channel = NullableString(reader, 12) ?? string.Empty,
        };
        return new PendingAlert(alertAction, report, reader.GetGuid(13));
    }

    /// <summary>Returns the number of open events of the token.</summary>
    public async Task<int> CountOpenEventsAsync(Guid honeytokenId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CountOpenEventsSql);
        command.Parameters.AddWithValue("honeytoken_id", honeytokenId);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    /// <summary>Returns the time of the token's latest stored event, or null when it has none.</summary>
    public async Task<DateTimeOffset?> GetLastEventTimeAsync(Guid honeytokenId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LastEventTimeSql);
        command.Parameters.AddWithValue("honeytoken_id", honeytokenId);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DateTime time ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : null;
    }
}

/// <summary>The outcome of <see cref="HoneytokenEventStore.RecordAsync"/>.</summary>
/// <param name="Inserted">Whether the event is new.</param>
/// <param name="OpenEvents">The token's open events after the write.</param>
/// <param name="PendingAlert">
/// For an event stored before, the action of its alert that is still in the outbox, which
/// happens when the silo of an earlier delivery stopped before it queued the alert. Otherwise null.
/// </param>
/// <param name="EventId">The id of the event's row, which the REST API returns as the event's <c>id</c>.</param>
public sealed record EventWriteResult(bool Inserted, int OpenEvents, string? PendingAlert, Guid EventId);

/// <summary>One <c>alert_outbox</c> row, as the outbox sweep lists it.</summary>
public sealed record PendingAlertEntry(Guid HoneytokenId, string EventKey, DateTimeOffset CreatedAt);

/// <summary>An alert still in the outbox.</summary>
/// <param name="AlertAction">The outbox row's action, one of <see cref="Alerts.Delivery.DeliveryActions"/>.</param>
/// <param name="Report">The stored event as its first channel reported it, or null when the event row is missing.</param>
/// <param name="EventId">The id of the event's row, or null when the row is missing.</param>
public sealed record PendingAlert(string AlertAction, HoneytokenEventReport? Report, Guid? EventId);
