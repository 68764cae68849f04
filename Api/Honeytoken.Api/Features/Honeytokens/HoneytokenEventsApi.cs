using System.Text;
using System.Text.Json;
using Honeytoken.Api.Authentication;
using Honeytoken.Api.Paging;
using Honeytoken.Api.Validation;
using Honeytoken.Grains.Setup;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace Honeytoken.Api.Features.Honeytokens;

/// <summary>One use of a honeytoken as the REST API returns it.</summary>
public sealed record HoneytokenEventResponse(
    Guid Id,
    Guid HoneytokenId,
    DateTimeOffset TriggeredAt,
    string Status,
    string? IpAddress,
    string Action,
    string? Region,
    string? UserAgent,
    string? ErrorCode,
    JsonElement Channels,
    JsonElement Data,
    IReadOnlyList<string> Tags);

/// <summary>
/// <c>GET /v1/honeytokens/{id}/events</c> and <c>GET /v1/honeytokens_events</c>: the events
/// recorded in the query table, newest recorded first, with keyset cursors on <c>list_position</c>.
/// </summary>
public static class HoneytokenEventsApi
{
    /// <summary>The event statuses the <c>status</c> filter accepts.</summary>
    public static IReadOnlyList<string> Statuses { get; } = ["open", "archived"];

    private const string Ordering = "-recorded";

    public static IEndpointRouteBuilder MapHoneytokenEventsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/v1/honeytokens/{id:guid}/events", ListForTokenAsync)
            .WithTags("Events")
            .RequireAuthorization(ApiScopes.HoneytokensRead)
            .RequireRateLimiting(ApiRateLimiting.PolicyName);

        endpoints.MapGet("/v1/honeytokens_events", ListAllAsync)
            .WithTags("Events")
            .RequireAuthorization(ApiScopes.HoneytokensRead)
            .RequireRateLimiting(ApiRateLimiting.PolicyName);

        return endpoints;
    }

    private static async Task<Results<Ok<List<HoneytokenEventResponse>>, ProblemHttpResult>> ListForTokenAsync(
        Guid id, HttpContext context, HoneytokenQueries honeytokens, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (await honeytokens.GetAsync(id, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"No honeytoken has the id {id}. List them with GET /v1/honeytokens.");
        }

        return await ListAsync(id, context, dataSource, cancellationToken);
    }

    private static Task<Results<Ok<List<HoneytokenEventResponse>>, ProblemHttpResult>> ListAllAsync(
        HttpContext context, NpgsqlDataSource dataSource, CancellationToken cancellationToken) =>
        ListAsync(null, context, dataSource, cancellationToken);

    private static async Task<Results<Ok<List<HoneytokenEventResponse>>, ProblemHttpResult>> ListAsync(
        Guid? honeytokenId, HttpContext context, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;

        var status = query["status"].ToString();
        if (status.Length > 0 && !Statuses.Contains(status))
        {
            return ApiProblems.Invalid("status", $"is '{status}'; an event status is open or archived.");
        }

        if (!HoneytokenListQuery.TryParseIpAddress(query["ip_address"], out var ipAddress, out var ipError))
        {
            return ApiProblems.Invalid(ipError.Field, ipError.Message);
        }

        var pageSize = PageLinks.ParsePageSize(query["per_page"], out var pageSizeError);
        if (pageSize is null)
        {
            return ApiProblems.Invalid("per_page", pageSizeError!);
        }

        var fingerprint = KeysetCursor.Fingerprint(honeytokenId?.ToString(), status, ipAddress);
        KeysetCursor? cursor = null;
        if (query["cursor"].ToString() is { Length: > 0 } cursorText)
        {
            cursor = KeysetCursor.Decode(cursorText);
            if (cursor is null || cursor.Ordering != Ordering || cursor.Filter != fingerprint)
            {
                return ApiProblems.Invalid("cursor", "is not a cursor of this query. Use the URL of the Link header unchanged, or start again without a cursor.");
            }
        }

        await using var command = dataSource.CreateCommand();
        var sql = new StringBuilder(
            """
            SELECT e.id, e.honeytoken_id, e.event_time, e.status, e.ip_address, e.action, e.region, e.user_agent,
                   e.error_code, e.channels, e.data, e.tags, e.list_position
            FROM honeytoken_events e JOIN honeytokens h ON h.id = e.honeytoken_id
            WHERE h.installation_id = @installation
            """);
        command.Parameters.AddWithValue("installation", Installation.DefaultId);
        if (honeytokenId is { } tokenId)
        {
            sql.Append(" AND e.honeytoken_id = @honeytoken_id");
            command.Parameters.AddWithValue("honeytoken_id", tokenId);
        }

        if (status.Length > 0)
        {
            sql.Append(" AND e.status = @status");
            command.Parameters.AddWithValue("status", status);
        }

        if (ipAddress is not null)
        {
            sql.Append(" AND e.ip_address = @ip_address");
            command.Parameters.AddWithValue("ip_address", ipAddress);
        }

        if (cursor is not null)
        {
            sql.Append(" AND e.list_position < @after_position");
            command.Parameters.AddWithValue("after_position", cursor.Position);
        }

        sql.Append(" ORDER BY e.list_position DESC LIMIT @limit");
        command.Parameters.AddWithValue("limit", pageSize.Value + 1);
        command.CommandText = sql.ToString();

        var events = new List<(HoneytokenEventResponse Event, long Position)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                events.Add((Read(reader), reader.GetInt64(12)));
            }
        }

        var page = events.Take(pageSize.Value).ToList();
        if (events.Count > pageSize.Value)
        {
            PageLinks.SetNext(context, new KeysetCursor(Ordering, null, page[^1].Position, fingerprint).Encode());
        }

        return TypedResults.Ok(page.Select(item => item.Event).ToList());
    }

    private static HoneytokenEventResponse Read(NpgsqlDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetFieldValue<DateTimeOffset>(2),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetString(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.IsDBNull(7) ? null : reader.GetString(7),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        ParseJson(reader.GetString(9)),
        ParseJson(reader.GetString(10)),
        reader.GetFieldValue<string[]>(11));

    private static JsonElement ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
