extern alias silo;

using Honeytoken.Grains.Alerts;
using Honeytoken.Grains.Alerts.Network;
using Honeytoken.Grains.Storage;
using silo::Honeytoken.Silo.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Honeytoken.Alerts.Tests.Infrastructure;

/// <summary>
/// Puts TestCluster silos on the PostgreSQL providers with the alert services, short
/// retry and coalescing times, and <see cref="TestHostResolver"/> in place of DNS.
/// </summary>
public sealed class AlertClusterConfigurator : ISiloConfigurator, IClientBuilderConfigurator
{
    public const string ConnectionStringKey = "HoneytokenTests:ConnectionString";

    /// <summary>Overrides <see cref="AlertOptions.FailingAfter"/> (one hour) when set.</summary>
    public const string FailingAfterKey = "HoneytokenTests:FailingAfter";

    /// <summary>The coalescing window of the tests, short enough to wait for.</summary>
    public static readonly TimeSpan CoalesceWindow = TimeSpan.FromSeconds(1);

    // A fixed key: the tests need no secrecy, and a restarted silo must read the old state.
    private static readonly string EncryptionKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public void Configure(ISiloBuilder siloBuilder)
    {
        siloBuilder.UseHoneytokenPostgres(ConnectionString(siloBuilder.Configuration));
        siloBuilder.AddHoneytokenAlerts();

        var failingAfter = siloBuilder.Configuration[FailingAfterKey];
        var services = siloBuilder.Services;
        services.Configure<SecretProtectionOptions>(options => options.EncryptionKey = EncryptionKey);
        services.Configure<AlertOptions>(options =>
        {
            options.DefaultCoalesceWindow = CoalesceWindow;
            options.InitialRetryDelay = TimeSpan.FromMilliseconds(200);
            options.MaxRetryDelay = TimeSpan.FromSeconds(1);
            options.RequestTimeout = TimeSpan.FromSeconds(5);
            options.ReminderPeriod = TimeSpan.FromSeconds(2);
            options.RecentAttemptsKept = 20;
            if (failingAfter is not null)
            {
                options.FailingAfter = TimeSpan.Parse(failingAfter, System.Globalization.CultureInfo.InvariantCulture);
            }
        });
        services.AddSingleton<IHostAddressResolver, TestHostResolver>();

        siloBuilder.Configure<ClusterMembershipOptions>(options =>
        {
            options.ProbeTimeout = TimeSpan.FromSeconds(1);
            options.NumMissedProbesLimit = 2;
            options.TableRefreshTimeout = TimeSpan.FromSeconds(1);
            options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(2);
            options.DeathVoteExpirationTimeout = TimeSpan.FromSeconds(30);
        });

        // Orleans rejects reminder periods under a minute by default.
        siloBuilder.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        siloBuilder.Configure<SiloMessagingOptions>(options => options.ResponseTimeout = TimeSpan.FromSeconds(30));
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
