using System.Globalization;
using Honeytoken.Api.Auditing;
using Honeytoken.Api.Authentication;
using Honeytoken.Api.Paging;
using Honeytoken.Api.Validation;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Grains.Setup;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace Honeytoken.Api.Features.Honeytokens;

/// <summary>
/// <c>/v1/honeytokens</c>: create from the key pool, list and read from the query table, and
/// update, reset and revoke through the honeytoken grain, which audits each change.
/// </summary>
public static class HoneytokensApi
{
    /// <summary>The Retry-After value, in seconds, of a create that finds the pool empty.</summary>
    public const int PoolEmptyRetryAfterSeconds = 30;

    // A pooled key whose grain has moved on meanwhile cannot be assigned, so it is skipped.
    // A few attempts cover that race without looping on a broken pool.
    private const int MaxAssignAttempts = 3;

    private const string LoggerName = "Honeytoken.Api.Features.Honeytokens";

    public static IEndpointRouteBuilder MapHoneytokensApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/honeytokens")
            .WithTags("Honeytokens")
            .RequireRateLimiting(ApiRateLimiting.PolicyName);

        group.MapPost("/", CreateAsync).RequireAuthorization(ApiScopes.HoneytokensWrite);
        group.MapGet("/", ListAsync).RequireAuthorization(ApiScopes.HoneytokensRead);
        group.MapGet("/{id:guid}", GetAsync).RequireAuthorization(ApiScopes.HoneytokensRead);
        group.MapPatch("/{id:guid}", UpdateAsync).RequireAuthorization(ApiScopes.HoneytokensWrite);
        group.MapPost("/{id:guid}/reset", ResetAsync).RequireAuthorization(ApiScopes.HoneytokensWrite);
        group.MapPost("/{id:guid}/revoke", RevokeAsync).RequireAuthorization(ApiScopes.HoneytokensWrite);

        return endpoints;
    }

    private static async Task<Results<Created<HoneytokenResponse>, ProblemHttpResult>> CreateAsync(
        CreateHoneytokenRequest? request,
        HttpContext context,
        IClusterClient cluster,
        ILoggerFactory loggerFactory)
    {
        if (!HoneytokenListQuery.TryParseBoolean("show_token", context.Request.Query["show_token"], out var showToken, out var flagError))
        {
            return ApiProblems.Invalid(flagError.Field, flagError.Message);
        }

        if (showToken && !context.User.HasScope(ApiScopes.HoneytokensRead))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Missing scope",
                detail: $"show_token=true requires the scope '{ApiScopes.HoneytokensRead}'. Leave show_token out, or use a token with that scope.");
        }

        if (request is null)
        {
            return ApiProblems.Invalid("name", "is missing. Send a JSON body such as {\"name\": \"ci-deploy-key\", \"type\": \"AWS\"}.");
        }

        if (request.Type is not null && !string.Equals(request.Type, HoneytokenResponse.AwsType, StringComparison.Ordinal))
        {
            return ApiProblems.Invalid("type", $"is '{request.Type}'; this service issues only AWS honeytokens. Set \"type\": \"AWS\" or leave it out.");
        }

        var fields = new HoneytokenFields(request.Name ?? "", request.Description, request.CustomTags ?? []);
        if (HoneytokenFieldRules.Validate(fields) is { } invalid)
        {
            return ApiProblems.InvalidField(invalid.Field ?? "name", invalid.Message);
        }

        var logger = loggerFactory.CreateLogger(LoggerName);
        var actor = context.User.ToActor();
        var pool = cluster.GetGrain<IKeyPoolGrain>(Installation.DefaultId);

        for (var attempt = 1; attempt <= MaxAssignAttempts; attempt++)
        {
            var pooledId = await pool.TakeAsync();
            if (pooledId is not { } tokenId)
            {
                HoneytokenLog.PoolEmpty(logger);
                context.Response.Headers[HeaderNames.RetryAfter] = PoolEmptyRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No key available",
                    detail: "Every provisioned AWS key is handed out: provisioning is behind. " +
                        $"Retry after {PoolEmptyRetryAfterSeconds} seconds; GET /v1/admin/honeytoken/setup shows the provisioning progress.");
            }

            // If this call throws, for example because a silo died mid-call, the key may have
            // been assigned, so it is not returned here. The key pool reclaims it later if its
            // row still reads pooled.
            var result = await cluster.GetGrain<IHoneytokenGrain>(tokenId).AssignAsync(fields, actor);
            if (result.Token is { } created)
            {
                HoneytokenLog.Created(logger, created.Id, actor.Id);
                return TypedResults.Created($"/v1/honeytokens/{created.Id}", await RespondAsync(created, showToken, cluster, context));
            }

            var error = result.Error!;
            if (error.Kind is HoneytokenErrorKind.NameConflict or HoneytokenErrorKind.Invalid)
            {
                // The key is still pooled: give it back for the next create.
                await pool.ReturnAsync(tokenId);
                HoneytokenLog.ReturnedToPool(logger, tokenId, error.Kind.ToString());
                return ToProblem(error);
            }

            HoneytokenLog.AssignFailed(logger, tokenId, error.Kind.ToString(), error.Message);
        }

        return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "No key available",
            detail: $"{MaxAssignAttempts} pooled keys in a row could not be handed out. Retry later; the server log names the keys.");
    }

    private static async Task<Results<Ok<List<HoneytokenResponse>>, ProblemHttpResult>> ListAsync(
        HttpContext context,
        HoneytokenQueries queries,
        HoneytokenSecrets secrets,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        if (!HoneytokenListQuery.TryParse(context.Request.Query, out var query, out var error))
        {
            return ApiProblems.Invalid(error.Field, error.Message);
        }

        // Fetching one row more than the page shows whether a next page exists, without a count query.
        var rows = await queries.ListAsync(query, query.PageSize + 1, cancellationToken);
        var page = rows.Take(query.PageSize).ToList();
        if (rows.Count > query.PageSize)
        {
            PageLinks.SetNext(context, HoneytokenQueries.CursorAfter(page[^1], query).Encode());
        }

        var withSecrets = query.ShowToken
            ? await secrets.FetchAsync(page.Select(row => row.Snapshot.Id), cancellationToken)
            : null;
        if (withSecrets is not null)
        {
            HoneytokenLog.SecretsShown(loggerFactory.CreateLogger(LoggerName), context.User.ToActor().Id, withSecrets.Count);
        }

        var body = page
            .Select(row => HoneytokenResponse.From(
                withSecrets is not null && withSecrets.TryGetValue(row.Snapshot.Id, out var secret)
                    ? row.Snapshot with { AccessKeyId = secret.AccessKeyId, SecretAccessKey = secret.SecretAccessKey }
                    : row.Snapshot,
                query.ShowToken))
            .ToList();
        return TypedResults.Ok(body);
    }

    private static async Task<Results<Ok<HoneytokenResponse>, ProblemHttpResult>> GetAsync(
        Guid id,
        HttpContext context,
        HoneytokenQueries queries,
        IClusterClient cluster,
        CancellationToken cancellationToken)
    {
        if (!HoneytokenListQuery.TryParseBoolean("show_token", context.Request.Query["show_token"], out var showToken, out var error))
        {
            return ApiProblems.Invalid(error.Field, error.Message);
        }

        var row = await queries.GetAsync(id, cancellationToken);
        if (row is null)
        {
            return NotFound(id);
        }

        return TypedResults.Ok(await RespondAsync(row.Snapshot, showToken, cluster, context));
    }

    private static async Task<Results<Ok<HoneytokenResponse>, ProblemHttpResult>> UpdateAsync(
        Guid id,
        UpdateHoneytokenRequest? request,
        HttpContext context,
        HoneytokenQueries queries,
        IClusterClient cluster,
        CancellationToken cancellationToken)
    {
        if (request is null || (request.Name is null && request.Description is null && request.CustomTags is null))
        {
            return ApiProblems.Invalid("body", "sets no field. Send at least one of name, description and custom_tags.");
        }

        var patch = new HoneytokenPatch(request.Name, request.Description, request.CustomTags);
        if (HoneytokenFieldRules.Validate(patch) is { } invalid)
        {
            return ApiProblems.InvalidField(invalid.Field ?? "body", invalid.Message);
        }

        // The table check keeps unknown ids from activating grains.
        if (await queries.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        var result = await cluster.GetGrain<IHoneytokenGrain>(id).UpdateAsync(patch, context.User.ToActor());
        return ToResponse(result);
    }

    private static Task<Results<Ok<HoneytokenResponse>, ProblemHttpResult>> ResetAsync(
        Guid id, HttpContext context, HoneytokenQueries queries, IClusterClient cluster, CancellationToken cancellationToken) =>
        CommandAsync(id, queries, cancellationToken, () => cluster.GetGrain<IHoneytokenGrain>(id).ResetAsync(context.User.ToActor()));

    private static Task<Results<Ok<HoneytokenResponse>, ProblemHttpResult>> RevokeAsync(
        Guid id, HttpContext context, HoneytokenQueries queries, IClusterClient cluster, CancellationToken cancellationToken) =>
        CommandAsync(id, queries, cancellationToken, () => cluster.GetGrain<IHoneytokenGrain>(id).RevokeAsync(context.User.ToActor()));

    private static async Task<Results<Ok<HoneytokenResponse>, ProblemHttpResult>> CommandAsync(
        Guid id,
        HoneytokenQueries queries,
        CancellationToken cancellationToken,
        Func<Task<HoneytokenResult>> command)
    {
        if (await queries.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(id);
        }

        return ToResponse(await command());
    }

    private static Results<Ok<HoneytokenResponse>, ProblemHttpResult> ToResponse(HoneytokenResult result) =>
        result.Token is { } token
            ? TypedResults.Ok(HoneytokenResponse.From(token, showToken: false))
            : ToProblem(result.Error!);

    private static async Task<HoneytokenResponse> RespondAsync(HoneytokenSnapshot snapshot, bool showToken, IClusterClient cluster, HttpContext context)
    {
        if (!showToken)
        {
            return HoneytokenResponse.From(snapshot, showToken: false);
        }

        var withSecret = await cluster.GetGrain<IHoneytokenGrain>(snapshot.Id).GetAsync(includeSecret: true) ?? snapshot;
        HoneytokenLog.SecretsShown(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(LoggerName), context.User.ToActor().Id, 1);
        return HoneytokenResponse.From(snapshot with { AccessKeyId = withSecret.AccessKeyId, SecretAccessKey = withSecret.SecretAccessKey }, showToken: true);
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        ApiProblems.NotFound($"No honeytoken has the id {id}. List them with GET /v1/honeytokens.");

    internal static ProblemHttpResult ToProblem(HoneytokenError error) => error.Kind switch
    {
        HoneytokenErrorKind.NotFound => ApiProblems.NotFound(error.Message),
        HoneytokenErrorKind.InvalidState => TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Not allowed in this status", detail: error.Message),
        HoneytokenErrorKind.NameConflict => TypedResults.Problem(
            statusCode: StatusCodes.Status409Conflict,
            title: "Name already in use",
            detail: $"{error.Message} Choose another name, or revoke the honeytoken {error.ConflictingId} first.",
            extensions: new Dictionary<string, object?> { ["conflicting_id"] = error.ConflictingId }),
        _ => ApiProblems.InvalidField(error.Field ?? "body", error.Message),
    };
}
