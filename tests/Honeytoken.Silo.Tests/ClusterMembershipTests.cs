using Honeytoken.Silo.Tests.Grains;
using Honeytoken.Testing;
using Honeytoken.Testing.Orleans;
using Npgsql;

namespace Honeytoken.Silo.Tests;

public sealed class ClusterMembershipTests
{
    private const int Active = 3;
    private const int Dead = 6;

    private static readonly TimeSpan Convergence = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Cluster_KilledSilo_DeclaredDeadAndGrainMoves()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await PostgresTestCluster.StartAsync(database.ConnectionString, silos: 2, typeof(Program).Assembly);
        var silos = cluster.GetActiveSilos().ToList();
        Assert.Equal(2, silos.Count);
        Assert.Equal(2, (await ReadMembersAsync(database)).Count(member => member.Status == Active));

        // Placement is random, so try keys until one activates on the silo to be killed.
        var victim = silos[1];
        var survivor = silos[0];
        var victimAddress = victim.SiloAddress.ToParsableString();
        string? key = null;
        for (var attempt = 0; attempt < 100 && key is null; attempt++)
        {
            var snapshot = await cluster.Client.GetGrain<ICounterGrain>($"member-{attempt}").IncrementAsync("before kill");
            if (snapshot.Silo == victimAddress)
            {
                key = $"member-{attempt}";
            }
        }

        Assert.NotNull(key);

        await cluster.KillSiloAsync(victim);

        var declared = await Poll.UntilAsync(
            () => ReadMembersAsync(database),
            members => members.Any(member => IsSilo(member, victim) && member.Status == Dead),
            Convergence,
            $"silo {victimAddress} to be declared dead");
        var victimRow = declared.Single(member => IsSilo(member, victim));
        Assert.Contains(survivor.SiloAddress.Endpoint.ToString(), victimRow.SuspectTimes ?? string.Empty, StringComparison.Ordinal);
        Assert.Equal(Active, declared.Single(member => IsSilo(member, survivor)).Status);

        var moved = await Poll.UntilAsync(
            () => cluster.Client.GetGrain<ICounterGrain>(key).GetAsync(),
            snapshot => snapshot.Silo == survivor.SiloAddress.ToParsableString(),
            Convergence,
            $"grain {key} to reactivate on silo {survivor.SiloAddress}");
        Assert.Equal(1, moved.Value);
        Assert.Equal("before kill", moved.Label);
    }

    private static bool IsSilo(Member member, Orleans.TestingHost.SiloHandle silo) =>
        member.Address == silo.SiloAddress.Endpoint.Address.ToString()
        && member.Port == silo.SiloAddress.Endpoint.Port
        && member.Generation == silo.SiloAddress.Generation;

    private static async Task<List<Member>> ReadMembersAsync(PostgresTestDatabase database)
    {
        var members = new List<Member>();
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            "SELECT address, port, generation, status, suspect_times FROM orleans_membership", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            members.Add(new Member(
                reader.GetString(0),
                reader.GetInt32(1),
                reader.GetInt32(2),
                reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return members;
    }

    private sealed record Member(string Address, int Port, int Generation, int Status, string? SuspectTimes);
}
