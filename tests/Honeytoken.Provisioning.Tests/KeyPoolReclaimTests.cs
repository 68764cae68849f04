using System.Diagnostics;
using Honeytoken.Grains.Auditing;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Grains.Setup;
using Honeytoken.Grains.Storage;
using Honeytoken.Provisioning.Tests.Infrastructure;
using Honeytoken.Testing;

namespace Honeytoken.Provisioning.Tests;

/// <summary>
/// The key pool against PostgreSQL: it reclaims keys that a failed create took, and a database
/// outage reaches the caller as an exception it can read.
/// </summary>
public sealed class KeyPoolReclaimTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    // Long enough that the test can look at the pool well inside it on a loaded machine.
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Reclaim_TakenKeyNeverAssigned_ReturnsToPool()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync(settings: new Dictionary<string, string>
        {
            ["Honeytoken:Provisioning:PoolReclaimInterval"] = "00:00:00.500",
            ["Honeytoken:Provisioning:PoolReclaimGracePeriod"] = GracePeriod.ToString(),
        });
        const string installation = "reclaim";
        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 2));
        await environment.WaitForPhaseAsync(installation, SetupPhase.Ready, Timeout);
        var pool = environment.Client.GetGrain<IKeyPoolGrain>(installation);

        // A new activation of the pool waits one grace period before its first reclaim, so let that pass.
        await Task.Delay(GracePeriod);

        // A create that takes a key and dies before it assigns it.
        var clock = Stopwatch.StartNew();
        var lostId = (await pool.TakeAsync())!.Value;

        // Within the grace period the key stays out: the create might still hand it out.
        await Task.Delay(GracePeriod / 2);
        Assert.DoesNotContain(ReclaimLines(lostId), _ => true);
        Assert.True(clock.Elapsed < GracePeriod, $"The check ran {clock.Elapsed} after the take, outside the grace period; the machine is too slow for this test.");

        // After it, the pool contains every key whose row reads pooled, the lost one among them.
        await Poll.UntilAsync(
            async () => (Pooled: await PooledRowCountAsync(environment, installation), Available: await pool.CountAsync()),
            counts => counts.Pooled == counts.Available && ReclaimLines(lostId).Any(),
            Timeout,
            "the lost key to be reclaimed");
        Assert.Single(ReclaimLines(lostId));

        // A create can hand it out: take keys until it comes, then assign it.
        Guid? nextId;
        do
        {
            nextId = await pool.TakeAsync();
        }
        while (nextId is { } id && id != lostId);

        Assert.Equal(lostId, nextId);
        var assigned = await environment.Client.GetGrain<IHoneytokenGrain>(lostId)
            .AssignAsync(new HoneytokenFields("reclaimed-key", null, []), new Actor(ActorKind.ApiToken, "api-token-1"));
        Assert.True(assigned.Succeeded, assigned.Error?.Message);
        Assert.Equal(HoneytokenStatus.Active, assigned.Token!.Status);
    }

    [Fact]
    public async Task Take_DatabaseDown_ThrowsDatabaseUnavailableThenRecovers()
    {
        await using var environment = await ProvisioningEnvironment.StartAsync();
        const string installation = "outage";
        await environment.UploadAsync(installation, environment.ConfigurationFile(poolSize: 2));
        await environment.WaitForPhaseAsync(installation, SetupPhase.Ready, Timeout);
        var pool = environment.Client.GetGrain<IKeyPoolGrain>(installation);

        // The take saves the pool; with the database gone, Npgsql's exception, which Orleans
        // cannot send, must reach the client as one it can read.
        await environment.Database.RejectConnectionsAsync();
        try
        {
            var failure = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => pool.TakeAsync());
            Assert.Contains("database", failure.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(environment.Database.Name, failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            await environment.Database.AcceptConnectionsAsync();
        }

        // The next take after the outage succeeds without help.
        var afterOutage = await Poll.UntilAsync(
            async () =>
            {
                try
                {
                    return await pool.TakeAsync();
                }
                catch (DatabaseUnavailableException)
                {
                    return null;
                }
            },
            id => id is not null,
            Timeout,
            "a take after the outage");
        Assert.NotNull(afterOutage);
    }

    private static List<string> ReclaimLines(Guid tokenId) =>
        CapturedLogs.Instance.Lines.Where(line => line.Contains("[5032]", StringComparison.Ordinal) && line.Contains(tokenId.ToString(), StringComparison.Ordinal)).ToList();

    private static async Task<int> PooledRowCountAsync(ProvisioningEnvironment environment, string installation) =>
        (await environment.ReadRowsAsync(installation)).Count(row => row.Lifecycle == "pooled");
}
