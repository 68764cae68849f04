using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Honeytoken.Grains.Telemetry;

/// <summary>Registers <see cref="HoneytokenMetrics"/>.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="HoneytokenMetrics"/> and the meter factory it needs. Safe to call more
    /// than once; the grain, ingestion and alert registrations each call it.
    /// </summary>
    public static IServiceCollection AddHoneytokenMetrics(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddMetrics();
        services.TryAddSingleton<HoneytokenMetrics>();
        return services;
    }
}
