using Honeytoken.Grains.Events.Channels.LogFiles;
using Honeytoken.Grains.Events.Channels.Sns;
using Honeytoken.Grains.Events.Routing;
using Honeytoken.Grains.Storage;
using Honeytoken.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Events;

/// <summary>Registers the services of the event channels.</summary>
public static class IngestionServiceCollectionExtensions
{
    /// <summary>
    /// Adds routing, event storage, SNS verification (<c>Sns</c>), log-file reading and the
    /// schedules (<c>Ingestion</c>). The caller registers the <c>Npgsql.NpgsqlDataSource</c> of
    /// the query tables and the AWS clients. Every option is validated when the host starts.
    /// </summary>
    public static IServiceCollection AddHoneytokenIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<IngestionOptions>()
            .Bind(configuration.GetSection(IngestionOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngestionOptions>, IngestionOptionsValidator>());

        // The topic comes from the uploaded configuration, not from this section, so the
        // section's own validator, which requires it, is not registered.
        services.AddOptions<SnsVerificationOptions>()
            .Bind(configuration.GetSection(SnsVerificationOptions.SectionName));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HoneytokenEventStore>();
        services.TryAddSingleton<IngestionStore>();
        services.TryAddSingleton<TenantConfigurationCache>();
        services.TryAddSingleton<RouteCache>();
        services.TryAddSingleton<RecordRouter>();
        services.AddHoneytokenMetrics();
        services.TryAddSingleton<SnsHttpClient>();
        services.TryAddSingleton<ISnsCertificateFetcher>(provider => provider.GetRequiredService<SnsHttpClient>());
        services.TryAddSingleton<SnsCertificateCache>();
        services.TryAddSingleton<SnsMessageHandler>();
        services.TryAddSingleton<LogObjectStore>();
        return services;
    }
}
