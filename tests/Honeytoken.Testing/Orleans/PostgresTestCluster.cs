using System.Reflection;
using Orleans.TestingHost;

namespace Honeytoken.Testing.Orleans;

/// <summary>
/// Starts TestClusters whose silos use the project's ADO.NET providers on a test database,
/// instead of the in-memory membership that TestCluster uses by default.
/// </summary>
public static class PostgresTestCluster
{
    // A client that finds no gateway keeps retrying, so bound the start.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Starts a cluster of in-process silos and its client.</summary>
    /// <param name="connectionString">A migrated test database.</param>
    /// <param name="silos">The number of silos.</param>
    public static Task<TestCluster> StartAsync(string connectionString, short silos) =>
        StartAsync(connectionString, silos, siloProcessAssembly: null);

    /// <summary>Starts a cluster and its client, optionally with each silo in a process of its own.</summary>
    /// <param name="connectionString">A migrated test database.</param>
    /// <param name="silos">The number of silos.</param>
    /// <param name="siloProcessAssembly">
    /// When set, an executable assembly whose entry point calls
    /// <see cref="StandaloneSiloHost.Main(string[])"/>; each silo then runs in its own process
    /// and killing it is a real kill. An in-process silo that is killed still marks itself
    /// dead in the membership table, so no other silo has to detect it.
    /// </param>
    public static async Task<TestCluster> StartAsync(string connectionString, short silos, Assembly? siloProcessAssembly)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Properties[PostgresClusterConfigurator.ConnectionStringKey] = connectionString;
        builder.AddSiloBuilderConfigurator<PostgresClusterConfigurator>();
        builder.AddClientBuilderConfigurator<PostgresClusterConfigurator>();
        if (siloProcessAssembly is not null)
        {
            // TestCluster's default in-memory transport cannot cross a process boundary.
            builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        }

        var cluster = builder.Build();
        if (siloProcessAssembly is not null)
        {
            cluster.CreateSiloAsync = StandaloneSiloHandle.CreateForAssembly(siloProcessAssembly);
        }

        try
        {
            using var deadline = new CancellationTokenSource(StartTimeout);
            await cluster.DeployAsync(deadline.Token);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }
}
