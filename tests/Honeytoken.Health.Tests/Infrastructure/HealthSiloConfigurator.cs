using Honeytoken.Grains.Alerts;
using Honeytoken.Grains.Health.Nodes;
using Honeytoken.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Honeytoken.Health.Tests.Infrastructure;

/// <summary>
/// Puts the TestCluster silos on the project's PostgreSQL providers with the grains, the event
/// channels and the health checks, and a DNS resolver that a test can break on one silo.
/// </summary>
public sealed class HealthSiloConfigurator : ISiloConfigurator, IClientBuilderConfigurator
{
    public const string ConnectionStringKey = "HealthTests:ConnectionString";

    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.UseHoneytokenPostgres(Required(siloBuilder.Configuration, ConnectionStringKey));

        // Registered first: the health checks only add the system resolver when none exists.
        siloBuilder.Services.AddSingleton<INodeDnsResolver, BlockingDnsResolver>();
        siloBuilder.AddHoneytokenGrains().AddHoneytokenIngestion().AddHoneytokenAlerts().AddHoneytokenHealthChecks();

        siloBuilder.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(2);
            options.NumMissedProbesLimit = 3;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        });

        // The reception reminder ticks every few seconds in the tests, below Orleans' default minimum of a minute.
        siloBuilder.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        siloBuilder.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(30));
    }

    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        clientBuilder.UseHoneytokenPostgresClustering(Required(configuration, ConnectionStringKey));
        clientBuilder.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        clientBuilder.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(30));
    }

    private static string Required(IConfiguration configuration, string key) =>
        configuration[key] ?? throw new InvalidOperationException($"The test cluster's configuration has no {key}.");
}
