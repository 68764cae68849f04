using Honeytoken.Silo.Hosting;
using Honeytoken.Testing;
using Honeytoken.Testing.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace Honeytoken.Silo.Tests;

/// <summary>A single-silo cluster on a fresh database, shared by the tests of one class.</summary>
public sealed class SingleSiloFixture : IAsyncLifetime
{
    public PostgresTestDatabase Database { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await PostgresTestDatabase.CreateAsync();
        Cluster = await PostgresTestCluster.StartAsync(Database.ConnectionString, silos: 1);
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Database.DisposeAsync();
    }

    /// <summary>Restarts the only silo and connects a new client to it.</summary>
    public async Task RestartSiloAsync()
    {
        var silo = Assert.Single(Cluster.GetActiveSilos());
        await Cluster.RestartSiloAsync(silo);
        await Cluster.InitializeClientAsync();
    }

    public IGrainStorage GrainStorage(string name = PostgresHostingExtensions.StorageName) =>
        Cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(name);
}
