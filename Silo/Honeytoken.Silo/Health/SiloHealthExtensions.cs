using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Honeytoken.Silo.Health;

/// <summary>
/// Registers the silo's health checks and the HTTP server that exposes them.
/// </summary>
public static class SiloHealthExtensions
{
    /// <summary>The tag of the checks that <c>/healthz</c> runs.</summary>
    public const string LivenessTag = "live";

    /// <summary>The tag of the checks that <c>/readyz</c> runs.</summary>
    public const string ReadinessTag = "ready";

    /// <summary>The longest a probe waits for one check.</summary>
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Adds liveness (the silo is not dead) and readiness (the silo is active and PostgreSQL
    /// accepts queries) checks, served over HTTP when <c>Honeytoken:Health:Port</c> is set.
    /// </summary>
    public static IServiceCollection AddSiloHealthEndpoints(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<SiloHealthOptions>()
            .BindConfiguration(SiloHealthOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SiloHealthOptions>, SiloHealthOptionsValidator>();

        services.AddHealthChecks()
            .AddCheck<SiloNotDeadHealthCheck>("silo-alive", tags: [LivenessTag], timeout: CheckTimeout)
            .AddCheck<SiloActiveHealthCheck>("silo-active", tags: [ReadinessTag], timeout: CheckTimeout)
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadinessTag], timeout: CheckTimeout);

        services.AddHostedService<SiloHealthServer>();

        // Kestrel logs every request at Information; a probe every few seconds would drown
        // the silo's own log. Only the health server logs under Microsoft.AspNetCore.
        services.AddLogging(logging => logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning));

        return services;
    }
}
