using Honeytoken.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Honeytoken.Testing.Orleans;

/// <summary>
/// Puts TestCluster silos and clients on the project's PostgreSQL providers, with membership
/// and reminder timings shortened so that failures are detected in seconds.
/// </summary>
/// <remarks>
/// TestCluster creates configurators by type, in out-of-process silos too, so the connection
/// string travels through the cluster's configuration under <see cref="ConnectionStringKey"/>.
/// </remarks>
public sealed class PostgresClusterConfigurator : ISiloConfigurator, IClientBuilderConfigurator
{
    public const string ConnectionStringKey = "HoneytokenTests:ConnectionString";

    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.UseHoneytokenPostgres(ConnectionString(siloBuilder.Configuration));

        siloBuilder.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(2);
            options.NumMissedProbesLimit = 2;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        });

        // Orleans rejects periods under a minute by default, which would make the reminder
        // test wait minutes for each tick.
        siloBuilder.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));

        siloBuilder.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(10));
    }

    public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
    {
        clientBuilder.UseHoneytokenPostgresClustering(ConnectionString(configuration));

        clientBuilder.Configure<GatewayOptions>(options => options.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        clientBuilder.Configure<ClientMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(10));
    }

    private static string ConnectionString(IConfiguration configuration) =>
        configuration[ConnectionStringKey]
        ?? throw new InvalidOperationException($"The test cluster's configuration has no {ConnectionStringKey}.");
}
