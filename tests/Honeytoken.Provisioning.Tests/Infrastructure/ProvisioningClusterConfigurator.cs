using Honeytoken.Grains.Alerts;
using Honeytoken.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Honeytoken.Provisioning.Tests.Infrastructure;

/// <summary>
/// Puts TestCluster silos on the PostgreSQL providers with the application's grains, membership
/// and reminder timings shortened so that a dead silo is noticed in seconds, and every log
/// line captured in <see cref="CapturedLogs"/>.
/// </summary>
/// <remarks>
/// The grain settings (secret key, provisioning pace, AWS retries) come from the cluster's
/// properties, which TestCluster turns into each silo's configuration.
/// </remarks>
public sealed class ProvisioningClusterConfigurator : ISiloConfigurator, IClientBuilderConfigurator
{
    public const string ConnectionStringKey = "HoneytokenTests:ConnectionString";

    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.UseHoneytokenPostgres(ConnectionString(siloBuilder.Configuration)).AddHoneytokenGrains().AddHoneytokenAlerts();

        siloBuilder.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 2;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        });

        // Orleans rejects reminder periods under a minute by default; the tests use seconds.
        siloBuilder.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        siloBuilder.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(15));

        siloBuilder.Services.AddLogging(logging => logging.AddProvider(CapturedLogs.Instance).SetMinimumLevel(LogLevel.Debug));
    }

    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        clientBuilder.UseHoneytokenPostgresClustering(ConnectionString(configuration));
        clientBuilder.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        clientBuilder.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(30));
    }

    private static string ConnectionString(IConfiguration configuration) =>
        configuration[ConnectionStringKey]
        ?? throw new InvalidOperationException($"The test cluster's configuration has no {ConnectionStringKey}.");
}
