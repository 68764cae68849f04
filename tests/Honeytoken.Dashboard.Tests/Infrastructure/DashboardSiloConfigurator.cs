using Honeytoken.Grains.Alerts;
using Honeytoken.Grains.Health.Nodes;
using Honeytoken.Silo.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Honeytoken.Dashboard.Tests.Infrastructure;

/// <summary>Puts TestCluster silos on the PostgreSQL providers with the application's grains and event ingestion.</summary>
public sealed class DashboardSiloConfigurator : ISiloConfigurator, IClientBuilderConfigurator
{
    public const string ConnectionStringKey = "DashboardTests:ConnectionString";

    public void Configure(ISiloBuilder siloBuilder)
    {
        // Registered before the health checks, whose registration adds a resolver only when none exists.
        siloBuilder.Services.AddSingleton<INodeDnsResolver, LoopbackDnsResolver>();
        siloBuilder.UseHoneytokenPostgres(Required(siloBuilder.Configuration))
            .AddHoneytokenGrains()
            .AddHoneytokenIngestion()
            .AddHoneytokenAlerts()
            .AddHoneytokenHealthChecks();

        // Orleans rejects reminder periods under a minute by default; provisioning in the tests uses seconds.
        siloBuilder.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        siloBuilder.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(30));
    }

    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        clientBuilder.UseHoneytokenPostgresClustering(Required(configuration));
        clientBuilder.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
    }

    private static string Required(IConfiguration configuration) =>
        configuration[ConnectionStringKey] ?? throw new InvalidOperationException($"The test cluster's configuration has no {ConnectionStringKey}.");
}
