using System.Security.Claims;
using Honeytoken.Api.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Honeytoken.Api.Features.Dashboard;

/// <summary>
/// Sign-in with an API token and sign-out. The token value is checked once and never stored:
/// the session cookie carries the token's id and scopes, and each request re-reads the token
/// so that a revoked or expired token ends its sessions.
/// </summary>
public static class DashboardSignIn
{
    private const string TokenIdClaim = "dashboard_token_id";

    public static void Map(RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/sign-in", (HttpContext context, string? returnUrl) => Form(context, returnUrl, error: null)).AllowAnonymous();
        dashboard.MapPost("/sign-in", SignInAsync).AllowAnonymous().RequireAntiforgery();
        dashboard.MapPost("/sign-out", (Func<HttpContext, Task<IResult>>)SignOutAsync).AllowAnonymous().RequireAntiforgery();
        dashboard.MapGet("/access-denied", (HttpContext context) => DashboardLayout.Page(context, "Access denied",
            Html.Render($"""<p class="error" role="alert">The API token you signed in with does not have the scope this page requires. Sign out and sign in with a token that has the admin scope.</p>"""),
            StatusCodes.Status403Forbidden)).AllowAnonymous();
    }

    /// <summary>Ends the session when its API token was revoked or has expired since sign-in.</summary>
    public static async Task ValidateSessionAsync(CookieValidatePrincipalContext context)
    {
        var id = context.Principal?.FindFirstValue(TokenIdClaim);
        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var token = Guid.TryParse(id, out var tokenId)
            ? await services.GetRequiredService<ApiTokenStore>().GetAsync(tokenId, context.HttpContext.RequestAborted)
            : null;

        if (token is null || !token.IsUsableAt(now))
        {
            DashboardLog.SessionEnded(services.GetRequiredService<ILoggerFactory>().CreateLogger(DashboardLog.Category), id ?? "unknown");
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(DashboardExtensions.SchemeName);
        }
    }

    private static IResult Form(HttpContext context, string? returnUrl, string? error)
    {
        var errorText = error is null
            ? HtmlFragment.Empty
            : Html.Render($"""<p class="error" id="token-error" role="alert">{error}</p>""");
        var body = Html.Render($"""
            <form class="card narrow" method="post" action="/sign-in">
            {DashboardLayout.AntiforgeryField(context)}
            <input type="hidden" name="returnUrl" value="{LocalUrl(returnUrl)}">
            <label for="token">API token</label>
            <input id="token" name="token" type="password" autocomplete="off" required aria-describedby="token-help token-error" autofocus>
            <p class="help" id="token-help">Use a token with the admin scope, or with the honeytokens:read and honeytokens:write scopes. The bootstrap admin token is printed at first start and saved in .data/admin-token.</p>
            {errorText}
            <button type="submit">Sign in</button>
            </form>
            """);
        return DashboardLayout.Page(context, "Sign in", body, error is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> SignInAsync(HttpContext context, ApiTokenStore store, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var value = form["token"].ToString().Trim();
        var returnUrl = form["returnUrl"].ToString();
        var logger = loggerFactory.CreateLogger(DashboardLog.Category);

        if (value.Length == 0 || value.Length > ApiTokenValues.MaxLength)
        {
            DashboardLog.SignInRejected(logger, "empty or too long");
            return Form(context, returnUrl, "Enter an API token.");
        }

        var token = await store.FindByHashAsync(ApiTokenValues.Hash(value), context.RequestAborted);
        if (token is null || !token.IsUsableAt(timeProvider.GetUtcNow()))
        {
            DashboardLog.SignInRejected(logger, token is null ? "unknown token" : $"token {token.Id} is revoked or expired");
            return Form(context, returnUrl, "This API token is not valid, or it has been revoked or has expired.");
        }

        var canUseDashboard = token.Scopes.Contains(ApiScopes.Admin) || token.Scopes.Contains(ApiScopes.HoneytokensRead);
        if (!canUseDashboard)
        {
            DashboardLog.SignInRejected(logger, $"token {token.Id} has neither the admin nor the honeytokens:read scope");
            return Form(context, returnUrl, "This API token has neither the admin nor the honeytokens:read scope, so it cannot open the dashboard.");
        }

        // The same claims as the API token handler, so ToActor and HasScope work unchanged.
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, token.Id.ToString()),
            new(ClaimTypes.Name, token.Name),
            new(TokenIdClaim, token.Id.ToString()),
        };
        claims.AddRange(token.Scopes.Select(scope => new Claim(ApiScopes.ClaimType, scope)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, DashboardExtensions.SchemeName));

        await context.SignInAsync(DashboardExtensions.SchemeName, principal);
        DashboardLog.SignedIn(logger, token.Id);

        var home = token.Scopes.Contains(ApiScopes.HoneytokensRead) ? "/honeytokens" : "/settings/honeytoken";
        return Results.Redirect(LocalUrl(returnUrl) is { Length: > 0 } local ? local : home);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(DashboardExtensions.SchemeName);
        return Results.Redirect("/sign-in");
    }

    // Only a path on this site, so that the sign-in form cannot redirect to another one.
    private static string LocalUrl(string? url) =>
        url is { Length: > 1 } && url[0] == '/' && url[1] != '/' && url[1] != '\\' ? url : "";
}
