using Honeytoken.Api.Auditing;
using Honeytoken.Api.Authentication;
using Honeytoken.Api.Validation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Honeytoken.Api.Features.Admin;

/// <summary>The body of <c>POST /v1/admin/api-tokens</c>.</summary>
public sealed record CreateApiTokenRequest(string? Name, IReadOnlyList<string>? Scopes, DateTimeOffset? ExpiresAt);

/// <summary>An API token as the admin endpoints list it; the value is never returned again after creation.</summary>
public sealed record ApiTokenResponse(
    Guid Id,
    string Name,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? LastUsedAt)
{
    public static ApiTokenResponse From(ApiToken token) => new(
        token.Id, token.Name, token.Scopes, token.CreatedAt, token.CreatedBy, token.ExpiresAt, token.RevokedAt, token.LastUsedAt);
}

/// <summary>The response to a create: the stored token plus its value, shown this once.</summary>
public sealed record CreatedApiTokenResponse(ApiTokenResponse ApiToken, string Token);

/// <summary><c>/v1/admin/api-tokens</c>: admins create, list and revoke API tokens.</summary>
public static class ApiTokensApi
{
    public const int MaxNameLength = 100;

    private const string LoggerName = "Honeytoken.Api.Features.Admin";

    public static IEndpointRouteBuilder MapApiTokensApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/v1/admin/api-tokens")
            .WithTags("Admin")
            .RequireAuthorization(ApiScopes.Admin)
            .RequireRateLimiting(ApiRateLimiting.PolicyName);

        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", GetAsync);
        group.MapDelete("/{id:guid}", RevokeAsync);

        return endpoints;
    }

    private static async Task<Results<Created<CreatedApiTokenResponse>, ProblemHttpResult>> CreateAsync(
        CreateApiTokenRequest? request, HttpContext context, ApiTokenStore store, TimeProvider timeProvider,
        ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var name = request?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            return ApiProblems.Invalid("name", $"must be 1 to {MaxNameLength} characters that say who uses the token, such as \"ci-pipeline\".");
        }

        var scopes = request!.Scopes?.Distinct(StringComparer.Ordinal).ToList() ?? [];
        var unknown = scopes.FirstOrDefault(scope => !ApiScopes.All.Contains(scope));
        if (scopes.Count == 0 || unknown is not null)
        {
            return ApiProblems.Invalid("scopes", $"{(unknown is null ? "is empty" : $"contains '{unknown}', which is not a scope")}. " +
                $"Give one or more of {string.Join(", ", ApiScopes.All)}.");
        }

        if (request.ExpiresAt is { } expiresAt && expiresAt <= timeProvider.GetUtcNow())
        {
            return ApiProblems.Invalid("expires_at", "is in the past. Give a future time such as 2030-01-01T00:00:00Z, or leave it out for a token that does not expire.");
        }

        var actor = context.User.ToActor();
        var value = ApiTokenValues.Generate();
        var token = await store.CreateAsync(name, scopes, request.ExpiresAt, value, actor, cancellationToken);
        ApiTokenLog.TokenCreated(loggerFactory.CreateLogger(LoggerName), token.Id, actor.Id, string.Join(' ', scopes));

        return TypedResults.Created($"/v1/admin/api-tokens/{token.Id}", new CreatedApiTokenResponse(ApiTokenResponse.From(token), value));
    }

    private static async Task<Ok<List<ApiTokenResponse>>> ListAsync(ApiTokenStore store, CancellationToken cancellationToken)
    {
        var tokens = await store.ListAsync(cancellationToken);
        return TypedResults.Ok(tokens.Select(ApiTokenResponse.From).ToList());
    }

    private static async Task<Results<Ok<ApiTokenResponse>, ProblemHttpResult>> GetAsync(Guid id, ApiTokenStore store, CancellationToken cancellationToken)
    {
        var token = await store.GetAsync(id, cancellationToken);
        return token is null ? NotFound(id) : TypedResults.Ok(ApiTokenResponse.From(token));
    }

    private static async Task<Results<Ok<ApiTokenResponse>, ProblemHttpResult>> RevokeAsync(
        Guid id, HttpContext context, ApiTokenStore store, ApiTokenCache cache, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var actor = context.User.ToActor();
        var token = await store.RevokeAsync(id, actor, cancellationToken);
        if (token is null)
        {
            return NotFound(id);
        }

        cache.Evict(id);
        ApiTokenLog.TokenRevoked(loggerFactory.CreateLogger(LoggerName), id, actor.Id);
        return TypedResults.Ok(ApiTokenResponse.From(token));
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        ApiProblems.NotFound($"No API token has the id {id}. List them with GET /v1/admin/api-tokens.");
}
