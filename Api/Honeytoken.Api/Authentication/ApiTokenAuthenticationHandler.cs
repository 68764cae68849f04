using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Honeytoken.Api.Authentication;

/// <summary>
/// Authenticates <c>Authorization: Token &lt;value&gt;</c> against the hashed API tokens, and
/// returns 401 and 403 as problem details that state what to send instead.
/// </summary>
public sealed class ApiTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiTokenStore store,
    ApiTokenCache cache,
    TimeProvider timeProvider,
    IProblemDetailsService problemDetails)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>The scheme name, which is also the word before the value in the header.</summary>
    public const string SchemeName = "Token";

    private const string HeaderPrefix = SchemeName + " ";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("The Authorization header does not use the Token scheme.");
        }

        var value = header[HeaderPrefix.Length..].Trim();
        if (value.Length == 0 || value.Length > ApiTokenValues.MaxLength)
        {
            return AuthenticateResult.Fail("The token in the Authorization header is empty or too long.");
        }

        var hash = ApiTokenValues.Hash(value);
        if (!cache.TryGet(hash, out var token))
        {
            var found = await store.FindByHashAsync(hash, Context.RequestAborted);
            if (found is null)
            {
                ApiTokenLog.UnknownToken(Logger);
                return AuthenticateResult.Fail("The token is not valid.");
            }

            token = found;
            cache.Set(hash, token);
        }

        if (token.RevokedAt is not null)
        {
            ApiTokenLog.RevokedTokenUsed(Logger, token.Id);
            return AuthenticateResult.Fail("The token has been revoked.");
        }

        if (token.ExpiresAt is { } expiresAt && expiresAt <= timeProvider.GetUtcNow())
        {
            ApiTokenLog.ExpiredTokenUsed(Logger, token.Id, expiresAt);
            return AuthenticateResult.Fail("The token has expired.");
        }

        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, token.Id.ToString()),
            new(ClaimTypes.Name, token.Name),
        };
        claims.AddRange(token.Scopes.Select(scope => new Claim(ApiScopes.ClaimType, scope)));

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        var reason = result.Failure?.Message ?? "The request has no Authorization header.";

        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = $"{SchemeName} realm=\"honeytoken\"";

        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "Authentication required",
                Detail = $"{reason} Send the header 'Authorization: Token <token>' with a valid, unexpired API token.",
            },
        });
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var required = Context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>()
            .Select(data => data.Policy)
            .OfType<string>()
            .Where(policy => ApiScopes.All.Contains(policy))
            .ToList() ?? [];
        var held = Context.User.FindAll(ApiScopes.ClaimType).Select(claim => claim.Value).ToList();
        var missing = required.Except(held).ToList();

        Response.StatusCode = StatusCodes.Status403Forbidden;
        await problemDetails.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Missing scope",
                Detail = $"This request requires the scope {string.Join(" and ", missing.Select(scope => $"'{scope}'"))}; " +
                    $"the token has {(held.Count == 0 ? "none" : string.Join(", ", held))}. " +
                    "Ask an admin for a token with that scope (POST /v1/admin/api-tokens).",
            },
        });
    }
}
