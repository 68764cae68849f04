using Honeytoken.Api.Authentication;
using Honeytoken.Api.Hosting;
using Honeytoken.Grains.Events;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Honeytoken.Api.Features.Admin;

/// <summary>
/// Log files that could not be parsed: listed with the reason and the byte offset, and
/// retried by an administrator once the cause is fixed.
/// </summary>
public static class LogFileQuarantineApi
{
    /// <summary>The most quarantined files one listing returns.</summary>
    public const int MaxListed = 500;

    private const string ListSql = """
        SELECT bucket, object_key, attempts, quarantine_reason, quarantine_offset, first_seen_at, updated_at
        FROM log_files WHERE status = 'quarantined' ORDER BY updated_at, bucket, object_key LIMIT @limit
        """;

    public static IEndpointRouteBuilder MapLogFileQuarantineApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/admin/log-files/quarantine")
            .RequireAuthorization(ApiScopes.Admin)
            .RequireRateLimiting(ApiRateLimiting.PolicyName);
        group.MapGet("/", ListAsync);
        group.MapPost("/retry", RetryAsync);
        return endpoints;
    }

    private static async Task<IResult> ListAsync(IOptions<HoneytokenClusterOptions> options, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(options.Value.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(ListSql, connection);
        command.Parameters.AddWithValue("limit", MaxListed);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        var files = new List<QuarantinedLogFile>();
        while (await reader.ReadAsync(cancellationToken))
        {
            files.Add(new QuarantinedLogFile(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetInt32(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return Results.Ok(new { files });
    }

    private static async Task<IResult> RetryAsync(RetryRequest request, IClusterClient cluster)
    {
        if (string.IsNullOrEmpty(request.Bucket) || string.IsNullOrEmpty(request.Key))
        {
            return Results.Problem("Both 'bucket' and 'key' are required; copy them from the quarantine listing.", statusCode: StatusCodes.Status400BadRequest);
        }

        var status = await cluster.GetGrain<ILogFileGrain>(LogFileKeys.Create(request.Bucket, request.Key)).RetryAsync();
        return Results.Ok(new
        {
            state = status.State.ToString().ToLowerInvariant(),
            reason = status.QuarantineReason,
            offset = status.QuarantineOffset,
        });
    }

    /// <summary>The body of a retry: the object as the listing shows it.</summary>
    public sealed record RetryRequest(string? Bucket, string? Key);

    /// <summary>A quarantined log file.</summary>
    public sealed record QuarantinedLogFile(
        string Bucket,
        string Key,
        int Attempts,
        string? Reason,
        long? Offset,
        DateTimeOffset FirstSeenAt,
        DateTimeOffset UpdatedAt);
}
