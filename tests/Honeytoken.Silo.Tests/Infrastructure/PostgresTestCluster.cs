using Orleans.TestingHost;

namespace Honeytoken.Silo.Tests.Infrastructure;

/// <summary>
/// Starts TestClusters whose silos use the ADO.NET providers on a test database instead of
/// the in-memory membership that TestCluster uses by default.
/// </summary>
public static class PostgresTestCluster
{
    // A client that finds no gateway keeps retrying, so bound the start.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Starts a cluster and its client.</summary>
    /// <param name="connectionString">The migrated test database.</param>
    /// <param name="silos">The number of silos.</param>
    /// <param name="outOfProcess">
    /// Runs each silo in a process of its own, so that killing it is a real kill: an
    /// in-process silo that is stopped still marks itself dead in the membership table.
    /// </param>
    public static async Task<TestCluster> StartAsync(string connectionString, short silos, bool outOfProcess = false)
    {
        var builder = new TestClusterBuilder(silos);
        builder.Options.UseTestClusterMembership = false;
        builder.Properties[PostgresClusterConfigurator.ConnectionStringKey] = connectionString;
        builder.AddSiloBuilderConfigurator<PostgresClusterConfigurator>();
        builder.AddClientBuilderConfigurator<PostgresClusterConfigurator>();

        if (outOfProcess)
        {
            // TestCluster's default in-memory transport cannot cross a process boundary.
            builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        }

        var cluster = builder.Build();
        if (outOfProcess)
        {
            cluster.CreateSiloAsync = StandaloneSiloHandle.CreateForAssembly(typeof(PostgresTestCluster).Assembly);
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
