using System.Globalization;
using System.Text;
using System.Text.Json;
using Honeytoken.Api.Paging;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Grains.Setup;
using Npgsql;
using NpgsqlTypes;

namespace Honeytoken.Api.Features.Honeytokens;

/// <summary>A honeytoken row with the position used by keyset cursors.</summary>
public sealed record HoneytokenRow(HoneytokenSnapshot Snapshot, long ListPosition);

/// <summary>
/// Reads honeytokens from the <c>honeytokens</c> query table, which the grains keep up to
/// date, so that lists and reads never activate a grain.
/// </summary>
public sealed class HoneytokenQueries(NpgsqlDataSource dataSource)
{
    private const string Columns =
        "id, lifecycle, name, description, custom_tags, created_at, triggered_at, revoked_at, " +
        "open_events_count, creator_id, revoker_id, access_key_id, list_position";

    // Lifecycle states that have a public status; pooled, provisioning and failed keys are not
    // honeytokens yet and never appear in the API.
    private static readonly IReadOnlyDictionary<string, string[]> LifecyclesByStatus = new Dictionary<string, string[]>
    {
        [HoneytokenStatus.Active] = ["active"],
        [HoneytokenStatus.Triggered] = ["triggered"],
        [HoneytokenStatus.Revoked] = ["revoking", "revoked"],
    };

    /// <summary>Returns the honeytoken, or null when no handed-out token has the id.</summary>
    public async Task<HoneytokenRow?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM honeytokens WHERE id = @id AND installation_id = @installation AND lifecycle = ANY (@lifecycles)");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("installation", Installation.DefaultId);
        command.Parameters.AddWithValue("lifecycles", LifecyclesOf(HoneytokenStatus.All));

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    /// <summary>Returns up to <c>limit</c> rows after the query's cursor, in the query's order.</summary>
    public async Task<IReadOnlyList<HoneytokenRow>> ListAsync(HoneytokenListQuery query, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);

        await using var command = dataSource.CreateCommand();
        var filter = new StringBuilder("installation_id = @installation AND lifecycle = ANY (@lifecycles)");
        command.Parameters.AddWithValue("installation", Installation.DefaultId);
        command.Parameters.AddWithValue("lifecycles", LifecyclesOf(query.Statuses));

        if (query.Search is { } search)
        {
            filter.Append(@" AND (name ILIKE @search ESCAPE '\' OR description ILIKE @search ESCAPE '\')");
            command.Parameters.AddWithValue("search", "%" + EscapeLike(search) + "%");
        }

        for (var i = 0; i < query.Tags.Count; i++)
        {
            // jsonb containment matches an element with this key (and value, when given).
            var tag = query.Tags[i];
            var element = tag.Value is null
                ? JsonSerializer.Serialize(new[] { new { key = tag.Key } })
                : JsonSerializer.Serialize(new[] { new { key = tag.Key, value = tag.Value } });
            filter.Append(CultureInfo.InvariantCulture, $" AND custom_tags @> @tag{i}");
            command.Parameters.AddWithValue($"tag{i}", NpgsqlDbType.Jsonb, element);
        }

        if (query.IpAddress is { } ipAddress)
        {
            filter.Append(" AND EXISTS (SELECT 1 FROM honeytoken_events e WHERE e.honeytoken_id = h.id AND e.ip_address = @ip_address)");
            command.Parameters.AddWithValue("ip_address", ipAddress);
        }

        // Rows with a value come first, then rows without one (a token never triggered or
        // revoked). Each part is its own keyset query, so that PostgreSQL reads a page from the
        // ordering's index instead of sorting every matching row. The row comparison
        // (column, list_position) > (value, position) is an index condition, so the scan starts at the cursor.
        var column = query.Ordering.Field;
        var direction = query.Ordering.Descending ? "DESC" : "ASC";
        var comparison = query.Ordering.Descending ? "<" : ">";
        var cursor = query.Cursor;
        var parts = new List<string>(2);
        if (cursor is not null)
        {
            command.Parameters.AddWithValue("after_position", cursor.Position);
        }

        // A cursor without a value points into the rows without one, so the rows with a value are all behind it.
        if (cursor is null or { Value: not null })
        {
            var after = "";
            if (cursor is { Value: { } afterValue })
            {
                after = $" AND ({column}, list_position) {comparison} (@after_value, @after_position)";
                command.Parameters.Add(query.Ordering.IsTimestamp
                    ? new NpgsqlParameter("after_value", new DateTime(long.Parse(afterValue, CultureInfo.InvariantCulture), DateTimeKind.Utc))
                    : new NpgsqlParameter("after_value", afterValue));
            }

            parts.Add($"(SELECT {Columns}, 0 AS part FROM honeytokens h WHERE {filter} AND {column} IS NOT NULL{after} " +
                $"ORDER BY {column} {direction}, list_position {direction} LIMIT @limit)");
        }

        var afterNull = cursor is { Value: null } ? $" AND list_position {comparison} @after_position" : "";
        parts.Add($"(SELECT {Columns}, 1 AS part FROM honeytokens h WHERE {filter} AND {column} IS NULL{afterNull} " +
            $"ORDER BY list_position {direction} LIMIT @limit)");

        command.Parameters.AddWithValue("limit", limit);
        command.CommandText = $"SELECT {Columns} FROM ({string.Join(" UNION ALL ", parts)}) page " +
            $"ORDER BY part, {column} {direction}, list_position {direction} LIMIT @limit";

        var rows = new List<HoneytokenRow>(limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader));
        }

        return rows;
    }

    /// <summary>Returns the cursor that continues after this row in the given ordering.</summary>
    public static KeysetCursor CursorAfter(HoneytokenRow row, HoneytokenListQuery query)
    {
        ArgumentNullException.ThrowIfNull(row);
        ArgumentNullException.ThrowIfNull(query);

        var snapshot = row.Snapshot;
        var value = query.Ordering.Field switch
        {
            "created_at" => Ticks(snapshot.CreatedAt),
            "triggered_at" => Ticks(snapshot.TriggeredAt),
            "revoked_at" => Ticks(snapshot.RevokedAt),
            _ => snapshot.Name,
        };
        return new KeysetCursor(query.Ordering.ToString(), value, row.ListPosition, query.Fingerprint);
    }

    private static string? Ticks(DateTimeOffset? value) =>
        value?.UtcTicks.ToString(CultureInfo.InvariantCulture);

    private static string[] LifecyclesOf(IEnumerable<string> statuses) =>
        [.. statuses.SelectMany(status => LifecyclesByStatus[status])];

    private static string EscapeLike(string text) =>
        text.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal)
            .Replace("_", @"\_", StringComparison.Ordinal);

    private static HoneytokenRow Read(NpgsqlDataReader reader)
    {
        var snapshot = new HoneytokenSnapshot
        {
            Id = reader.GetGuid(0),
            Lifecycle = Enum.Parse<HoneytokenLifecycle>(reader.GetString(1), ignoreCase: true),
            Name = reader.IsDBNull(2) ? "" : reader.GetString(2),
            Description = reader.IsDBNull(3) ? null : reader.GetString(3),
            CustomTags = ReadTags(reader.GetString(4)),
            CreatedAt = reader.IsDBNull(5) ? default : reader.GetFieldValue<DateTimeOffset>(5),
            TriggeredAt = reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6),
            RevokedAt = reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
            OpenEventsCount = reader.GetInt32(8),
            CreatorId = reader.IsDBNull(9) ? null : reader.GetString(9),
            RevokerId = reader.IsDBNull(10) ? null : reader.GetString(10),
            AccessKeyId = reader.IsDBNull(11) ? null : reader.GetString(11),
        };
        return new HoneytokenRow(snapshot, reader.GetInt64(12));
    }

    private static IReadOnlyList<CustomTag> ReadTags(string json)
    {
        // The grain writes [{"key": …, "value": …}]; the tags filter relies on these names.
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.EnumerateArray().Select(tag => new CustomTag(
            tag.TryGetProperty("key", out var key) ? key.GetString() ?? "" : "",
            tag.TryGetProperty("value", out var value) ? value.GetString() ?? "" : ""))];
    }
}
