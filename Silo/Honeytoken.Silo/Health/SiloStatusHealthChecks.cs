using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Honeytoken.Silo.Health;

/// <summary>
/// Readiness: this silo is active in the cluster, so it accepts grain calls and client
/// connections.
/// </summary>
internal sealed class SiloActiveHealthCheck(ISiloStatusOracle statusOracle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = statusOracle.CurrentStatus;

        var result = status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"Silo {statusOracle.SiloName} is active.")
            : HealthCheckResult.Unhealthy($"Silo {statusOracle.SiloName} is {status}, not active.");

        return Task.FromResult(result);
    }
}

/// <summary>
/// Liveness: the cluster has not declared this silo dead. A dead silo never rejoins, so
/// only a restart brings it back; any other status, including joining and shutting down,
/// counts as alive.
/// </summary>
internal sealed class SiloNotDeadHealthCheck(ISiloStatusOracle statusOracle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = statusOracle.CurrentStatus;

        var result = status == SiloStatus.Dead
            ? HealthCheckResult.Unhealthy($"Silo {statusOracle.SiloName} has been declared dead.")
            : HealthCheckResult.Healthy($"Silo {statusOracle.SiloName} is {status}.");

        return Task.FromResult(result);
    }
}
