using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Honeytoken.Api.Health;

/// <summary>
/// Asks the cluster, through a gateway, for its active silos. This proves that the client
/// is connected and that at least one silo answers grain calls.
/// </summary>
public sealed class ClusterHealthCheck(IClusterClient client) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var management = client.GetGrain<IManagementGrain>(0);
            var hosts = await management.GetHosts(onlyActive: true).WaitAsync(cancellationToken);

            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s).")
                : HealthCheckResult.Unhealthy("The cluster reports no active silo.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The probe is anonymous, and the message names gateway addresses. The health check
            // service logs the exception with the result, so the detail is in the log.
            return HealthCheckResult.Unhealthy("The Orleans cluster is unreachable.", ex);
        }
    }
}
