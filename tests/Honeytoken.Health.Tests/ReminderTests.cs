using Honeytoken.Grains.Health;
using Honeytoken.Health.Tests.Infrastructure;

namespace Honeytoken.Health.Tests;

/// <summary>The reception reminder and the node list across silo restarts.</summary>
[Collection(HealthCollection.Name)]
public sealed class ReminderTests(HealthHarness harness) : IAsyncLifetime
{
    public Task InitializeAsync() => harness.RestoreEmulatorAsync();

    public Task DisposeAsync() => harness.RestoreEmulatorAsync();

    [Fact]
    public async Task Reception_EverySiloRestarted_ReminderKeepsRunning()
    {
        await harness.WaitForReportAsync(report => report.Nodes.Count == 2 && report.EventsReception.LastRunAt is not null, "a first reception run");

        // Rolling restart of both silos, so whichever silo held the reminder is gone.
        var stopped = new HashSet<string>();
        foreach (var silo in harness.Cluster.GetActiveSilos().ToList())
        {
            stopped.Add(silo.SiloAddress.ToParsableString());
            await harness.Cluster.RestartSiloAsync(silo);
        }

        var restartedAt = DateTimeOffset.UtcNow;
        var active = harness.Cluster.GetActiveSilos().Select(silo => silo.SiloAddress.ToParsableString()).ToHashSet();
        Assert.Empty(active.Intersect(stopped));

        var after = await harness.WaitForReportAsync(
            report => report.EventsReception.LastRunAt > restartedAt
                && report.Nodes.Select(node => node.SiloAddress).ToHashSet().SetEquals(active)
                && report.Nodes.All(node => node.Status != HealthStatus.Pending),
            "a reception run and node reports from the restarted silos",
            TimeSpan.FromSeconds(90));

        Assert.True(after.EventsReception.LastRunAt > restartedAt);
        Assert.Equal(2, active.Count);
        Assert.DoesNotContain(after.Nodes, node => stopped.Contains(node.SiloAddress));
        Assert.All(after.Nodes, node => Assert.False(string.IsNullOrEmpty(node.NodeName)));
    }
}
