using Honeytoken.Api.Authentication;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authorization;

namespace Honeytoken.Api.Features.Dashboard;

/// <summary>
/// Registers and maps the dashboard: server-rendered pages signed in with an API token whose
/// session lives in a data-protected cookie, with anti-forgery checks on every form post.
/// </summary>
public static class DashboardExtensions
{
    /// <summary>The cookie authentication scheme of the dashboard pages.</summary>
    public const string SchemeName = "Dashboard";

    /// <summary>Policy names: the scope they require, for a dashboard session.</summary>
    public const string ReadPolicy = "dashboard:" + ApiScopes.HoneytokensRead;

    public const string WritePolicy = "dashboard:" + ApiScopes.HoneytokensWrite;

    public const string AdminPolicy = "dashboard:" + ApiScopes.Admin;

    /// <summary>How long a dashboard session lasts without activity.</summary>
    public static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);

    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddAuthentication()
            .AddCookie(SchemeName, options =>
            {
                options.Cookie.Name = "honeytoken_session";
                options.Cookie.HttpOnly = true;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.ExpireTimeSpan = SessionLifetime;
                options.SlidingExpiration = true;
                options.LoginPath = "/sign-in";
                options.LogoutPath = "/sign-out";
                options.AccessDeniedPath = "/access-denied";
                options.Events.OnValidatePrincipal = DashboardSignIn.ValidateSessionAsync;
            });

        services.AddAuthorizationBuilder()
            .AddPolicy(ReadPolicy, policy => ScopePolicy(policy, ApiScopes.HoneytokensRead))
            .AddPolicy(WritePolicy, policy => ScopePolicy(policy, ApiScopes.HoneytokensWrite))
            .AddPolicy(AdminPolicy, policy => ScopePolicy(policy, ApiScopes.Admin));

        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = "honeytoken_antiforgery";
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.FormFieldName = "__RequestVerificationToken";
        });

        services.AddSingleton<DashboardQueries>();
        return services;
    }

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder endpoints)
    {
        var dashboard = endpoints.MapGroup("")
            .ExcludeFromDescription()
            .AddEndpointFilter(async (context, next) =>
            {
                DashboardLayout.ApplySecurityHeaders(context.HttpContext.Response);
                return await next(context);
            });

        dashboard.MapGet("/", () => Results.Redirect("/honeytokens")).AllowAnonymous();
        DashboardAssets.Map(endpoints);
        DashboardSignIn.Map(dashboard);
        HoneytokensPage.Map(dashboard);
        HoneytokenDetailPage.Map(dashboard);
        HoneytokenSetupPage.Map(dashboard);
        HealthChecksPage.Map(dashboard);

        return endpoints;
    }

    /// <summary>Adds the anti-forgery check to a form post: a request without a valid token gets 400 and changes nothing.</summary>
    public static RouteHandlerBuilder RequireAntiforgery(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
            if (!await antiforgery.IsRequestValidAsync(context.HttpContext))
            {
                DashboardLog.AntiforgeryRejected(
                    context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(DashboardLog.Category),
                    context.HttpContext.Request.Path);
                return DashboardLayout.Page(context.HttpContext, "Form expired",
                    Html.Render($"""<p class="error" role="alert">The form could not be verified, so nothing was changed. Go back, reload the page and submit the form again.</p>"""),
                    StatusCodes.Status400BadRequest);
            }

            return await next(context);
        });

    private static void ScopePolicy(AuthorizationPolicyBuilder policy, string scope) =>
        policy.AddAuthenticationSchemes(SchemeName).RequireAuthenticatedUser().RequireClaim(ApiScopes.ClaimType, scope);
}
