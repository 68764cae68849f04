using Honeytoken.Grains.Aws;
using Honeytoken.Grains.Health;
using Honeytoken.Grains.Setup;
using Honeytoken.Grains.Storage;
using Honeytoken.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains;

/// <summary>Registers the services that the honeytoken, key pool and set-up grains depend on.</summary>
public static class GrainServiceCollectionExtensions
{
    /// <summary>
    /// Adds the secret protector (<c>Honeytoken:Secrets</c>), the provisioning options
    /// (<c>Honeytoken:Provisioning</c>), the AWS clients (<c>Aws:Endpoints</c>, <c>Aws:Retry</c>),
    /// the query-table writers and the health monitor's services (<c>Honeytoken:HealthChecks</c>).
    /// The caller registers the <c>Npgsql.NpgsqlDataSource</c> of
    /// the query tables. Every option is validated when the host starts.
    /// </summary>
    public static IServiceCollection AddHoneytokenGrainServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<SecretProtectionOptions>()
            .Bind(configuration.GetSection(SecretProtectionOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SecretProtectionOptions>, SecretProtectionOptionsValidator>());
        services.TryAddSingleton<SecretProtector>();

        services.AddOptions<ProvisioningOptions>()
            .Bind(configuration.GetSection(ProvisioningOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProvisioningOptions>, ProvisioningOptionsValidator>());

        services.AddHoneytokenMetrics();
        services.AddHoneytokenAwsClients(configuration);
        services.TryAddSingleton<ITenantAwsClients, TenantAwsClients>();

        services.TryAddSingleton<HoneytokenStore>();
        services.TryAddSingleton<AuditLog>();

        // The set-up grain notifies the health monitor of each upload, so every silo that hosts
        // it can also activate the monitor.
        services.AddHoneytokenHealthChecks(configuration);
        return services;
    }
}
