using Honeytoken.Api.Authentication;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Honeytoken.Api.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c> and a browsable reference page at
/// <c>/scalar</c>, both readable without a token.
/// </summary>
/// <remarks>
/// The page works offline. Scalar.AspNetCore 3.0.0 embeds its script and serves it from
/// <c>/scalar/scalar.js</c>; by default the script still loads the Inter and JetBrains Mono
/// fonts from Scalar's font host, reports telemetry and offers an AI agent backed by Scalar's
/// servers, so those are switched off here and no request proxy is configured. A test checks
/// that the page references no other host.
/// </remarks>
public static class ApiReferenceExtensions
{
    public static IServiceCollection AddApiReference(this IServiceCollection services)
    {
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "HoneytokenOrleans API";
            document.Info.Description =
                "Create, list, reset and revoke AWS honeytokens. Authenticate with the header " +
                "'Authorization: Token <token>'; each endpoint names the scope it requires.";

            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes[ApiTokenAuthenticationHandler.SchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "Authorization",
                Description = "An API token, sent as 'Token <token>'.",
            };
            document.Security ??= [];
            document.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(ApiTokenAuthenticationHandler.SchemeName, document)] = [],
            });
            return Task.CompletedTask;
        }));

        return services;
    }

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi().AllowAnonymous();

        endpoints.MapScalarApiReference(options => options
                .WithTitle("HoneytokenOrleans API")
                .DisableDefaultFonts()
                .DisableTelemetry()
                .DisableAgent())
            .AllowAnonymous();

        return endpoints;
    }
}
