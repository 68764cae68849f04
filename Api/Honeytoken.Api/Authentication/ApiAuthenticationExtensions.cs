using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Honeytoken.Api.Authentication;

/// <summary>Registers API token authentication, one authorization policy per scope, rate limits and the bootstrap token.</summary>
public static class ApiAuthenticationExtensions
{
    public static WebApplicationBuilder AddApiAuthentication(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new BootstrapTokenOutput(Console.Out));
        services.AddSingleton<ApiTokenStore>();
        services.AddSingleton<ApiTokenCache>();

        services.AddAuthentication(ApiTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenAuthenticationHandler>(ApiTokenAuthenticationHandler.SchemeName, null);

        services.AddAuthorizationBuilder()
            .AddPolicy(ApiScopes.HoneytokensRead, policy => policy.RequireAuthenticatedUser().RequireClaim(ApiScopes.ClaimType, ApiScopes.HoneytokensRead))
            .AddPolicy(ApiScopes.HoneytokensWrite, policy => policy.RequireAuthenticatedUser().RequireClaim(ApiScopes.ClaimType, ApiScopes.HoneytokensWrite))
            .AddPolicy(ApiScopes.Admin, policy => policy.RequireAuthenticatedUser().RequireClaim(ApiScopes.ClaimType, ApiScopes.Admin))
            // An endpoint that states no policy still needs a valid token; the probes and the
            // API reference opt out explicitly with AllowAnonymous.
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddApiRateLimiting();

        services.AddOptions<BootstrapTokenOptions>()
            .BindConfiguration(BootstrapTokenOptions.SectionName)
            .Configure<IConfiguration>((options, configuration) => options.Token = configuration[BootstrapTokenOptions.TokenKey])
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<BootstrapTokenOptions>, BootstrapTokenOptionsValidator>();
        services.AddHostedService<BootstrapTokenService>();

        return builder;
    }
}
