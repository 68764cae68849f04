using Honeytoken.Grains.Health;
using Honeytoken.Grains.Setup;
using Honeytoken.Silo.Health;
using Microsoft.Extensions.DependencyInjection;

namespace Honeytoken.Silo.Hosting;

/// <summary>Adds the health checks to a silo.</summary>
public static class HealthHostingExtensions
{
    /// <summary>
    /// Registers the health monitor's services, the node checks that this silo runs and reports,
    /// and a start-up task that registers the reception reminder and runs the AWS-access check.
    /// Call it after <c>AddHoneytokenGrains</c>.
    /// </summary>
    public static ISiloBuilder AddHoneytokenHealthChecks(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.AddHoneytokenHealthChecks(builder.Configuration);
        builder.Services.AddHostedService<NodeCheckService>();

        // Every silo does it when it starts; both steps are idempotent.
        builder.AddStartupTask(async (services, cancellationToken) =>
            await services.GetRequiredService<IGrainFactory>().GetGrain<IHealthMonitorGrain>(Installation.DefaultId).StartAsync());
        return builder;
    }
}
