using Honeytoken.Grains.Health;
using Honeytoken.Grains.Health.Nodes;
using Honeytoken.Grains.Setup;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Honeytoken.Silo.Health;

/// <summary>
/// Runs the node checks on this silo every <see cref="HealthCheckOptions.NodeCheckPeriod"/> and
/// reports them to the health monitor, so that every silo of the cluster appears by name. A
/// hosted service rather than a grain, because a grain cannot be pinned to each silo.
/// </summary>
public sealed class NodeCheckService(
    IGrainFactory grains,
    ILocalSiloDetails silo,
    NodeChecker checker,
    IOptions<HealthCheckOptions> options,
    TimeProvider timeProvider,
    ILogger<NodeCheckService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var address = silo.SiloAddress.ToParsableString();
        NodeCheckLog.Started(logger, address, options.Value.NodeCheckPeriod);

        using var timer = new PeriodicTimer(options.Value.NodeCheckPeriod, timeProvider);
        do
        {
            try
            {
                await RunOnceAsync(address, stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                NodeCheckLog.Failed(logger, address, exception);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private async Task RunOnceAsync(string address, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var configuration = await grains.GetGrain<ITenantSetupGrain>(Installation.DefaultId).GetConfigurationAsync();

        NodeReport report;
        if (configuration is null)
        {
            // Without a configuration there are no endpoints to check, and the defaults are real AWS hosts.
            report = new NodeReport(address, silo.Name, silo.DnsHostName, HealthStatus.NotConfigured, now, null, []);
        }
        else
        {
            var (subChecks, skew) = await checker.CheckAsync(configuration.Endpoints, cancellationToken);
            report = new NodeReport(address, silo.Name, silo.DnsHostName, HealthStatus.Worst(subChecks.Select(result => result.Status)), timeProvider.GetUtcNow(), skew, subChecks);
        }

        await grains.GetGrain<IHealthMonitorGrain>(Installation.DefaultId).ReportNodeAsync(report);
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
