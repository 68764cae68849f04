using System.Text.Json;
using Honeytoken.Api.Auditing;
using Honeytoken.Api.Authentication;
using Honeytoken.Grains.Setup;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Honeytoken.Api.Features.Admin;

/// <summary>
/// <c>/v1/admin/honeytoken</c>: upload and read <c>aws_honeytoken_config.json</c>, and follow
/// the provisioning it starts. The tenant setup grain validates, stores and audits the file.
/// </summary>
public static class HoneytokenSetupApi
{
    private const string LoggerName = "Honeytoken.Api.Features.Admin";

    public static IEndpointRouteBuilder MapHoneytokenSetupApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/admin/honeytoken")
            .WithTags("Admin")
            .RequireAuthorization(ApiScopes.Admin)
            .RequireRateLimiting(ApiRateLimiting.PolicyName);

        group.MapPut("/config", UploadAsync).Accepts<JsonElement>("application/json");
        group.MapGet("/config", GetConfigurationAsync);
        group.MapGet("/setup", GetProgressAsync);

        return endpoints;
    }

    private static async Task<Results<Accepted<SetupProgress>, ProblemHttpResult>> UploadAsync(
        HttpContext context, IClusterClient cluster, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger(LoggerName);

        // Read at most one byte past the limit: enough to reject an oversized file without
        // buffering whatever a client sends.
        var body = await ReadBodyAsync(context.Request, HoneytokenConfigurationParser.MaxFileBytes + 1, cancellationToken);

        // The file is validated here first so that a malformed upload never reaches the grain;
        // the grain validates again, including the checks that need AWS.
        HoneytokenConfigurationParser.Parse(body, out var errors);
        if (errors.Count == 0)
        {
            var result = await cluster.GetGrain<ITenantSetupGrain>(Installation.DefaultId).UploadConfigurationAsync(body, context.User.ToActor());
            errors = result.Accepted ? [] : result.Errors;
        }

        if (errors.Count > 0)
        {
            SetupLog.ConfigurationRejected(logger, context.User.ToActor().Id, errors.Count, string.Join(", ", errors.Select(error => error.Field)));
            return Rejected(errors);
        }

        SetupLog.ConfigurationAccepted(logger, context.User.ToActor().Id);
        var progress = await cluster.GetGrain<ITenantSetupGrain>(Installation.DefaultId).GetProgressAsync();
        return TypedResults.Accepted("/v1/admin/honeytoken/setup", progress);
    }

    private static async Task<Results<ContentHttpResult, ProblemHttpResult>> GetConfigurationAsync(IClusterClient cluster)
    {
        var configuration = await cluster.GetGrain<ITenantSetupGrain>(Installation.DefaultId).GetConfigurationAsync();
        if (configuration is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not configured",
                detail: "No configuration has been uploaded yet. Upload aws_honeytoken_config.json with PUT /v1/admin/honeytoken/config.");
        }

        using var buffer = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            HoneytokenConfigurationWriter.WriteMasked(writer, configuration);
        }

        return TypedResults.Text(System.Text.Encoding.UTF8.GetString(buffer.ToArray()), "application/json");
    }

    private static async Task<Ok<SetupProgress>> GetProgressAsync(IClusterClient cluster) =>
        TypedResults.Ok(await cluster.GetGrain<ITenantSetupGrain>(Installation.DefaultId).GetProgressAsync());

    private static ProblemHttpResult Rejected(IReadOnlyList<ConfigurationError> errors)
    {
        var byField = errors
            .GroupBy(error => error.Field)
            .ToDictionary(group => group.Key, group => group.Select(error => error.Message).ToArray());

        return TypedResults.Problem(new HttpValidationProblemDetails(byField)
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "Invalid configuration",
            Detail = $"The configuration was rejected with {errors.Count} error(s) and nothing was changed; the previous configuration stays in force. " +
                $"First: {errors[0].Field} {errors[0].Message}",
        });
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while (buffer.Length < maxBytes &&
            (read = await request.Body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxBytes - buffer.Length)), cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}

/// <summary>Log messages of the set-up endpoints. They name fields, never values, because the file carries secrets.</summary>
internal static partial class SetupLog
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "Configuration uploaded by API token {ActorId} was accepted; provisioning starts.")]
    public static partial void ConfigurationAccepted(ILogger logger, string actorId);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Configuration uploaded by API token {ActorId} was rejected with {Count} error(s) in: {Fields}.")]
    public static partial void ConfigurationRejected(ILogger logger, string actorId, int count, string fields);
}
