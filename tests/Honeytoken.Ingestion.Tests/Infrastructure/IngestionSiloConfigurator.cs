using Honeytoken.Grains.Alerts;
using Honeytoken.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Honeytoken.Ingestion.Tests.Infrastructure;

/// <summary>
/// Puts the TestCluster silos on the project's PostgreSQL providers with every grain and
/// channel of the service. The query tables are reached through <see cref="SwitchableTcpProxy"/>,
/// so a test can make them unreachable while Orleans membership keeps working.
/// </summary>
public sealed class IngestionSiloConfigurator : ISiloConfigurator, IClientBuilderConfigurator
{
    public const string ConnectionStringKey = "IngestionTests:ConnectionString";

    public const string QueryConnectionStringKey = "IngestionTests:QueryConnectionString";

    public void Configure(ISiloBuilder siloBuilder)
    {
        var configuration = siloBuilder.Configuration;
        siloBuilder.UseHoneytokenPostgres(Required(configuration, ConnectionStringKey));

        // Registered before the grains' own registration, which only adds one when none exists.
        siloBuilder.Services.AddSingleton(_ => NpgsqlDataSource.Create(Required(configuration, QueryConnectionStringKey)));
        siloBuilder.AddHoneytokenGrains().AddHoneytokenIngestion().AddHoneytokenAlerts();

        siloBuilder.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 2;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        });

        // The log-file retry reminder runs every few seconds in the tests, below Orleans' default minimum.
        siloBuilder.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        siloBuilder.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(30));
    }

    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        clientBuilder.UseHoneytokenPostgresClustering(Required(configuration, ConnectionStringKey));
        clientBuilder.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
    }

    private static string Required(IConfiguration configuration, string key) =>
        configuration[key] ?? throw new InvalidOperationException($"The test cluster's configuration has no {key}.");
}
