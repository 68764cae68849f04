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
    // is kept; RETURNING then yields no row when nothing changed.
    private const string InsertEventSql = """
        INSERT INTO honeytoken_events (id, honeytoken_id, event_key, event_time, first_received_at, ip_address,
            action, region, user_agent, error_code, error_message, channels, data, raw_record, tags)
        VALUES (@id, @honeytoken_id, @event_key, @event_time, @received_at, @ip_address,
            @action, @region, @user_agent, @error_code, @error_message,
            jsonb_build_object(@channel::text, @received_at), @data, @raw_record, @tags)
        ON CONFLICT (honeytoken_id, event_key) DO UPDATE SET
            channels = honeytoken_events.channels || jsonb_build_object(@channel::text, @received_at)
            WHERE NOT honeytoken_events.channels ? @channel::text
        RETURNING (xmax = 0) AS inserted
        """;

    private const string CountOpenEventsSql = """
        SELECT count(*)::integer FROM honeytoken_events WHERE honeytoken_id = @honeytoken_id AND status = 'open'
        """;

    private const string LastEventTimeSql = """
        SELECT max(event_time) FROM honeytoken_events WHERE honeytoken_id = @honeytoken_id
        """;

    /// <summary>
    /// Stores the event or merges its channel into the stored one. Returns whether the event
    /// is new and how many open events the token has afterwards.
    /// </summary>
    /// <exception cref="NpgsqlException">The database cannot be reached or rejected the write.</exception>
    public async Task<(bool Inserted, int OpenEvents)> RecordAsync(
        Guid honeytokenId, HoneytokenEventReport report, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        bool inserted;
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

            inserted = await insert.ExecuteScalarAsync(cancellationToken) is true;
        }

        await using var count = new NpgsqlCommand(CountOpenEventsSql, connection);
        count.Parameters.AddWithValue("honeytoken_id", honeytokenId);
        var openEvents = (int)(await count.ExecuteScalarAsync(cancellationToken))!;
        return (inserted, openEvents);
    }

    /// <summary>Returns the number of open events of the token.</summary>
    public async Task<int> CountOpenEventsAsync(Guid honeytokenId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(CountOpenEventsSql);
        command.Parameters.AddWithValue("honeytoken_id", honeytokenId);
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Returns the time of the token's latest stored event, or null when it has none.</summary>
    public async Task<DateTimeOffset?> GetLastEventTimeAsync(Guid honeytokenId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LastEventTimeSql);
        command.Parameters.AddWithValue("honeytoken_id", honeytokenId);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DateTime time ? new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)) : null;
    }
}
