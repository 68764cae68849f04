using Honeytoken.Grains.Health.Nodes;
using Honeytoken.Grains.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Health;

/// <summary>Registers the services of the health monitor and the node checks.</summary>
public static class HealthServiceCollectionExtensions
{
    /// <summary>
    /// Adds the health-check options (<c>Honeytoken:HealthChecks</c>, validated when the host
    /// starts), the AWS-access check and the node checker.
    /// <see cref="GrainServiceCollectionExtensions.AddHoneytokenGrainServices"/> calls it, and a
    /// second call changes nothing.
    /// </summary>
    public static IServiceCollection AddHoneytokenHealthChecks(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<HealthCheckOptions>()
            .Bind(configuration.GetSection(HealthCheckOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HealthCheckOptions>, HealthCheckOptionsValidator>());

        services.TryAddSingleton<HealthAwsClients>();
        services.AddHoneytokenMetrics();
        services.TryAddSingleton<AwsAccessCheck>();
        services.TryAddSingleton<INodeDnsResolver, SystemNodeDnsResolver>();
        services.TryAddSingleton<NodeChecker>();
        return services;
    }
}
