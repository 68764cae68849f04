using Honeytoken.Api.Features.Honeytokens;
using Honeytoken.Api.Hosting;
using Honeytoken.Api.Validation;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Honeytoken.Api.Features;

/// <summary>Registers what the feature endpoints use: the query-table readers and the JSON conventions.</summary>
public static class FeatureServiceExtensions
{
    public static IServiceCollection AddApiFeatures(this IServiceCollection services)
    {
        // One pooled data source for every query-table read and write of the Api.
        services.AddSingleton(provider =>
            NpgsqlDataSource.Create(provider.GetRequiredService<IOptions<HoneytokenClusterOptions>>().Value.ConnectionString));

        services.AddSingleton<HoneytokenQueries>();
        services.AddSingleton<HoneytokenSecrets>();
        services.AddSingleton<HoneytokenNoteStore>();

        // The public API uses snake_case field names, as the honeytoken API that security
        // teams already script against does. A field the endpoint does not know is rejected
        // rather than dropped: a misspelt "descripton" would otherwise succeed and lose the value.
        // Names match exactly, so "Scopes" is such an unknown field, and a field sent twice is
        // rejected, because otherwise the last copy would silently win over the first.
        // These settings only affect reading, so responses are written as before.
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            options.SerializerOptions.PropertyNameCaseInsensitive = false;
            options.SerializerOptions.AllowDuplicateProperties = false;
        });

        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<UnavailableDependencyExceptionHandler>();
        services.Configure<RouteHandlerOptions>(BadRequestExceptionHandler.Configure);

        return services;
    }
}
