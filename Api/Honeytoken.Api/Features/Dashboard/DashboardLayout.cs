using System.Security.Claims;
using Honeytoken.Api.Auditing;
using Honeytoken.Api.Authentication;

namespace Honeytoken.Api.Features.Dashboard;

/// <summary>The page shell: head, navigation and the security headers every dashboard response carries.</summary>
public static class DashboardLayout
{
    // Scripts and styles come only from this origin's files: no inline script, no eval, and
    // no framing, so injected markup could neither run nor be overlaid on another site.
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /// <summary>Sets the headers that keep the pages out of frames, caches and script injection.</summary>
    public static void ApplySecurityHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
    }

    /// <summary>Returns a whole page as an HTML result.</summary>
    public static IResult Page(HttpContext context, string title, HtmlFragment body, int statusCode = StatusCodes.Status200OK)
    {
        var navigation = context.User.Identity?.IsAuthenticated == true ? Navigation(context) : HtmlFragment.Empty;
        var html = Html.Render($"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Honeytokens</title>
            <link rel="stylesheet" href="/dashboard-assets/dashboard.css">
            <script src="/dashboard-assets/dashboard.js" defer></script>
            </head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header class="top">
            <span class="brand">Honeytokens</span>
            {navigation}
            </header>
            <main id="main">
            <h1>{title}</h1>
            {body}
            </main>
            </body>
            </html>
            """);
        return Results.Content(html.ToString(), "text/html; charset=utf-8", statusCode: statusCode);
    }

    /// <summary>Returns a status word in a badge; the word carries the meaning, the colour only repeats it.</summary>
    public static HtmlFragment Status(string? status)
    {
        var word = status ?? "unknown";
        return Html.Render($"""<span class="status status-{word}">{word.Replace('_', ' ')}</span>""");
    }

    /// <summary>Returns the hidden anti-forgery field that every form posts.</summary>
    public static HtmlFragment AntiforgeryField(HttpContext context)
    {
        var antiforgery = context.RequestServices.GetRequiredService<Microsoft.AspNetCore.Antiforgery.IAntiforgery>();
        var tokens = antiforgery.GetAndStoreTokens(context);
        return Html.Render($"""<input type="hidden" name="{tokens.FormFieldName}" value="{tokens.RequestToken}">""");
    }

    private static HtmlFragment Navigation(HttpContext context)
    {
        var user = context.User;
        var links = new List<HtmlFragment>();
        if (user.HasScope(ApiScopes.HoneytokensRead))
        {
            links.Add(Html.Render($"""<a href="/honeytokens">Honeytokens</a>"""));
        }

        if (user.HasScope(ApiScopes.Admin))
        {
            links.Add(Html.Render($"""<a href="/settings/honeytoken">Settings</a>"""));
            links.Add(Html.Render($"""<a href="/health-checks">Health Checks</a>"""));
        }

        var name = user.FindFirstValue(ClaimTypes.Name) ?? "API token";
        return Html.Render($"""
            <nav aria-label="Main">{Html.Join(links)}</nav>
            <form class="sign-out" method="post" action="/sign-out">
            {AntiforgeryField(context)}
            <span class="who">Signed in with {name}</span>
            <button type="submit">Sign out</button>
            </form>
            """);
    }
}
