using System.Text.Json;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Grains.Setup;
using Npgsql;

namespace Honeytoken.Api.Features.Dashboard;

/// <summary>One event in a honeytoken's timeline, as the detail page and its JSON endpoint show it.</summary>
public sealed record DashboardEvent(
    DateTimeOffset Time,
    string Status,
    string Action,
    string? Region,
    string? IpAddress,
    string? UserAgent,
    string? ErrorCode,
    IReadOnlyList<string> Channels,
    IReadOnlyList<string> Tags,
    string? RequestParameters);

/// <summary>The dashboard's reads of the query tables that the REST API has no shared reader for.</summary>
public sealed class DashboardQueries(NpgsqlDataSource dataSource)
{
    /// <summary>The number of events the detail page shows, newest first.</summary>
    public const int MaxTimelineEvents = 200;

    /// <summary>Returns the number of honeytokens in each public status.</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT CASE WHEN lifecycle = 'revoking' THEN 'revoked' ELSE lifecycle END AS status, count(*)
            FROM honeytokens
            WHERE installation_id = @installation AND lifecycle IN ('active', 'triggered', 'revoking', 'revoked')
            GROUP BY 1
            """);
        command.Parameters.AddWithValue("installation", Installation.DefaultId);

        var counts = HoneytokenStatus.All.ToDictionary(status => status, _ => 0L);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[reader.GetString(0)] += reader.GetInt64(1);
        }

        return counts;
    }

    /// <summary>Returns the newest events of a honeytoken, newest first.</summary>
    public async Task<IReadOnlyList<DashboardEvent>> ListEventsAsync(Guid honeytokenId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT event_time, status, action, region, ip_address, user_agent, error_code, channels::text, tags,
                   data -> 'request_parameters'
            FROM honeytoken_events
            WHERE honeytoken_id = @honeytoken_id
            ORDER BY event_time DESC, list_position DESC
            LIMIT @limit
            """);
        command.Parameters.AddWithValue("honeytoken_id", honeytokenId);
        command.Parameters.AddWithValue("limit", MaxTimelineEvents);

        var events = new List<DashboardEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            events.Add(new DashboardEvent(
                reader.GetFieldValue<DateTimeOffset>(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                ChannelNames(reader.GetString(7)),
                reader.GetFieldValue<string[]>(8),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }

        return events;
    }

    // The channels column maps each channel that reported the event to when it did.
    private static List<string> ChannelNames(string channelsJson)
    {
        using var document = JsonDocument.Parse(channelsJson);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? document.RootElement.EnumerateObject().Select(property => property.Name).Order(StringComparer.Ordinal).ToList()
            : [];
    }
}
