using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;

namespace Honeytoken.Silo.Tests;

/// <summary>
/// Drives the ADO.NET membership table of a running silo directly, for the concurrency and
/// cleanup paths that a healthy cluster seldom takes. The rows it adds belong to made-up Dead
/// silos on port 1 and 2, which the running silo ignores.
/// </summary>
public sealed class MembershipTableTests(SingleSiloFixture fixture) : IClassFixture<SingleSiloFixture>
{
    private static readonly DateTime LongAgo = DateTime.UtcNow.AddHours(-1);

    [Fact]
    public async Task InsertRow_StaleVersion_ChangesNothing()
    {
        var table = MembershipTable();
        var before = await table.ReadAllAsync();
        var entry = DeadEntry(port: 1, generation: 1);
        var staleVersion = before.Version.Version - 1;

        var inserted = await table.InsertRowAsync(entry, new TableVersion(staleVersion, staleVersion.ToString(CultureInfo.InvariantCulture)));

        Assert.False(inserted);
        var after = await table.ReadAllAsync();
        Assert.Equal(before.Version.Version, after.Version.Version);
        Assert.DoesNotContain(after.Members, member => member.Item1.SiloAddress.Equals(entry.SiloAddress));
    }

    [Fact]
    public async Task InsertRow_ExistingSilo_ChangesNothing()
    {
        var table = MembershipTable();
        var entry = DeadEntry(port: 1, generation: 2);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        var before = await table.ReadAllAsync();

        var insertedAgain = await table.InsertRowAsync(entry, before.Version.Next());

        Assert.False(insertedAgain);
        Assert.Equal(before.Version.Version, (await table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task UpdateRow_MissingSilo_ChangesNothing()
    {
        var table = MembershipTable();
        var before = await table.ReadAllAsync();
        var next = before.Version.Next();

        var updated = await table.UpdateRowAsync(DeadEntry(port: 1, generation: 3), next.VersionEtag, next);

        Assert.False(updated);
        Assert.Equal(before.Version.Version, (await table.ReadAllAsync()).Version.Version);
    }

    [Fact]
    public async Task UpdateRow_CurrentVersion_StoresVote()
    {
        var table = MembershipTable();
        var entry = DeadEntry(port: 1, generation: 4);
        Assert.True(await table.InsertRowAsync(entry, (await table.ReadAllAsync()).Version.Next()));
        var voter = SiloAddress.New(IPAddress.Loopback, 9, 9);
        entry.SuspectTimes = [Tuple.Create(voter, LongAgo)];
        var next = (await table.ReadAllAsync()).Version.Next();

        Assert.True(await table.UpdateRowAsync(entry, next.VersionEtag, next));

        var row = await table.ReadRowAsync(entry.SiloAddress);
        var stored = Assert.Single(row.Members).Item1;
        Assert.Equal(SiloStatus.Dead, stored.Status);
        Assert.NotNull(stored.SuspectTimes);
        var vote = Assert.Single(stored.SuspectTimes);
        Assert.Equal(voter, vote.Item1);
        Assert.Equal(next.Version, row.Version.Version);
    }

    [Fact]
    public async Task Cleanup_DeadSilos_RemovesOnlyExpired()
    {
        var table = MembershipTable();
        var expired = DeadEntry(port: 2, generation: 1);
        var recentlySuspected = DeadEntry(port: 2, generation: 2);
        recentlySuspected.SuspectTimes = [Tuple.Create(SiloAddress.New(IPAddress.Loopback, 9, 9), DateTime.UtcNow.AddHours(1))];
        Assert.True(await table.InsertRowAsync(expired, (await table.ReadAllAsync()).Version.Next()));
        Assert.True(await table.InsertRowAsync(recentlySuspected, (await table.ReadAllAsync()).Version.Next()));
        var next = (await table.ReadAllAsync()).Version.Next();
        Assert.True(await table.UpdateRowAsync(recentlySuspected, next.VersionEtag, next));
        var versionBefore = (await table.ReadAllAsync()).Version.Version;

        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(-1));

        var after = await table.ReadAllAsync();
        Assert.DoesNotContain(after.Members, member => member.Item1.SiloAddress.Equals(expired.SiloAddress));
        Assert.Contains(after.Members, member => member.Item1.SiloAddress.Equals(recentlySuspected.SiloAddress));
        Assert.Contains(after.Members, member => member.Item1.Status == SiloStatus.Active);
        Assert.Equal(versionBefore, after.Version.Version);
    }

    private IMembershipTable MembershipTable() =>
        fixture.Cluster.GetSiloServiceProvider().GetRequiredService<IMembershipTable>();

    private static MembershipEntry DeadEntry(int port, int generation) => new()
    {
        SiloAddress = SiloAddress.New(IPAddress.Loopback, port, generation),
        SiloName = $"made-up-{port}-{generation}",
        HostName = "made-up-host",
        Status = SiloStatus.Dead,
        ProxyPort = 0,
        StartTime = LongAgo,
        IAmAliveTime = LongAgo,
    };
}
