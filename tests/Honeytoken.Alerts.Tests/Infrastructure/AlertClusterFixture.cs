using Honeytoken.Grains.Alerts;
using Honeytoken.Grains.Auditing;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Testing;
using Orleans.TestingHost;

namespace Honeytoken.Alerts.Tests.Infrastructure;

/// <summary>A test database and a one-silo cluster on it, shared by the tests of a class.</summary>
public class AlertClusterFixture : IAsyncLifetime
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public PostgresTestDatabase Database { get; private set; } = null!;

    public TestCluster Cluster { get; private set; } = null!;

    public IAlertDispatcherGrain Dispatcher => Cluster.Client.GetGrain<IAlertDispatcherGrain>(IAlertDispatcherGrain.DefaultKey);

    public async Task InitializeAsync()
    {
        Database = await PostgresTestDatabase.CreateAsync();

        var builder = new TestClusterBuilder(1);
        builder.Options.UseTestClusterMembership = false;
        builder.Properties[AlertClusterConfigurator.ConnectionStringKey] = Database.ConnectionString;
        builder.AddSiloBuilderConfigurator<AlertClusterConfigurator>();
        builder.AddClientBuilderConfigurator<AlertClusterConfigurator>();

        // Sockets rather than TestCluster's in-memory transport, so that the Api under test,
        // an Orleans client of its own, can reach the silo's gateway.
        builder.Options.ConnectionTransport = ConnectionTransportType.TcpSocket;
        Configure(builder);
        Cluster = builder.Build();

        using var deadline = new CancellationTokenSource(StartTimeout);
        await Cluster.DeployAsync(deadline.Token);
    }

    /// <summary>Lets a derived fixture change the cluster before it is built.</summary>
    protected virtual void Configure(TestClusterBuilder builder)
    {
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }

        if (Database is not null)
        {
            await Database.DisposeAsync();
        }
    }

    /// <summary>Creates a destination and fails the test with the validation message when it is rejected.</summary>
    public async Task<DestinationResult> CreateAsync(DestinationSettings settings)
    {
        var result = await Dispatcher.CreateDestinationAsync(settings, Actor.System);
        Assert.True(result.Destination is not null, $"Creating the destination failed: {result.Field}: {result.Message}");
        return result;
    }

    /// <summary>Deletes every destination, so a test receives only its own deliveries.</summary>
    public async Task DeleteAllDestinationsAsync()
    {
        foreach (var destination in await Dispatcher.ListDestinationsAsync())
        {
            await Dispatcher.DeleteDestinationAsync(destination.Id, Actor.System);
        }
    }

    /// <summary>A triggered token with the given name.</summary>
    public static HoneytokenSnapshot Token(Guid id, string name) => new()
    {
        Id = id,
        Lifecycle = HoneytokenLifecycle.Triggered,
        Name = name,
        CreatedAt = DateTimeOffset.UtcNow.AddDays(-1),
        TriggeredAt = DateTimeOffset.UtcNow,
        AccessKeyId = "AKIAEXAMPLE0000000001",
        SecretAccessKey = "must-never-be-sent",
    };

    /// <summary>An event from an attacker's laptop.</summary>
    public static HoneytokenEventSummary Event(Guid tokenId, string id) => new()
    {
        Id = id,
        EventId = $"{tokenId:N}-{id}",
        TriggeredAt = DateTimeOffset.UtcNow,
        IpAddress = "198.51.100.7",
        Action = "GetCallerIdentity",
        EventSource = "sts.amazonaws.com",
        Region = "us-east-1",
        UserAgent = "aws-cli/2.15.0 <script>",
        Channels = ["realtime"],
    };
}
