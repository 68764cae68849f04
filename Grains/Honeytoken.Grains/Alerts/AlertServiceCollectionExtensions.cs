using Honeytoken.Grains.Alerts.Delivery;
using Honeytoken.Grains.Alerts.Network;
using Honeytoken.Grains.Health;
using Honeytoken.Grains.Storage;
using Honeytoken.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Alerts;

/// <summary>Registers what the alert grains depend on.</summary>
public static class AlertServiceCollectionExtensions
{
    /// <summary>
    /// Adds the alert options (<c>Honeytoken:Alerts</c>), the secret protector
    /// (<c>Honeytoken:Secrets</c>), the DNS resolver and address guard, and the sender.
    /// Options are validated when the host starts.
    /// </summary>
    public static IServiceCollection AddHoneytokenAlerts(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<AlertOptions>()
            .Bind(configuration.GetSection(AlertOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertOptions>, AlertOptionsValidator>());

        services.AddOptions<SecretProtectionOptions>()
            .Bind(configuration.GetSection(SecretProtectionOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecretProtectionOptions>, SecretProtectionOptionsValidator>());
        services.TryAddSingleton<SecretProtector>();

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IHostAddressResolver, DnsHostAddressResolver>();
        services.TryAddSingleton<DestinationAddressGuard>();
        services.TryAddSingleton<DestinationSettingsValidator>();
        services.TryAddSingleton<AlertSender>();
        services.AddHoneytokenMetrics();

        // Failing destinations appear on the health page of the health monitor.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHealthSectionContributor, AlertDestinationsHealthContributor>());
        return services;
    }

    /// <summary>
    /// Adds the outbox sweep (<see cref="AlertOutboxSweeper"/>, options <c>Honeytoken:Alerts:Outbox</c>
    /// validated when the host starts) as a hosted service of this silo. The caller registers
    /// the <c>Npgsql.NpgsqlDataSource</c> of the query tables. A second call changes nothing.
    /// </summary>
    public static IServiceCollection AddHoneytokenAlertOutboxSweep(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<AlertOutboxOptions>()
            .Bind(configuration.GetSection(AlertOutboxOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AlertOutboxOptions>, AlertOutboxOptionsValidator>());

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<HoneytokenEventStore>();
        services.AddHoneytokenMetrics();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AlertOutboxSweeper>());
        return services;
    }

    /// <summary>Adds the alert services to a silo, bound from the silo's configuration.</summary>
    public static ISiloBuilder AddHoneytokenAlerts(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHoneytokenAlerts(builder.Configuration);
        return builder;
    }
}
