using System.Diagnostics;
using System.Globalization;
using Honeytoken.AwsEmulator.Faults;
using Honeytoken.Fault.Tests.Infrastructure;
using Honeytoken.Testing;
using Xunit.Abstractions;

namespace Honeytoken.Fault.Tests;

/// <summary>
/// The service as separate processes keeps every guarantee while processes die: every
/// honeytoken use stored once, every status right, one alert per transition, and no IAM user
/// without a record. Each test starts a cluster of its own and writes its figures to the output.
/// </summary>
public sealed class FaultScenarioTests(ITestOutputHelper output)
{
    private static readonly int TokenCount = FaultTestSettings.Full ? 12 : 6;

    private static readonly TimeSpan LoadInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Load before the fault, so that every token is in use when it strikes.</summary>
    private static readonly TimeSpan LoadBeforeFault = TimeSpan.FromSeconds(4);

    /// <summary>Load after the fault, so that uses keep coming while the cluster recovers.</summary>
    private static readonly TimeSpan LoadAfterFault = FaultTestSettings.Full ? TimeSpan.FromSeconds(40) : TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SiloKilled_DuringProvisioningAndUses_KeepsGuarantees()
    {
        await using var cluster = await FaultCluster.StartAsync("kill");

        // Throttled IAM calls slow provisioning down, so the pool is still filling when the
        // silo dies: the keys not pooled yet and those that refill it after the tokens take theirs.
        await cluster.Emulator.SetFaultsAsync(new FaultSettings { Throttling = [new FaultRule { Api = "iam:*", Rate = 0.5 }] });
        var tokens = await CreateTokensAsync(cluster);
        var steady = await CountFailedDeliveriesAsync(cluster);
        await using var load = new HoneytokenLoad(cluster.EmulatorUri, tokens, LoadInterval);
        load.Start();
        await Task.Delay(LoadBeforeFault);

        var setupAtKill = await cluster.GetSetupAsync();
        var failedBeforeFault = FailedSince(steady, await CountFailedDeliveriesAsync(cluster));
        var faultAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await cluster.KillSiloAsync(1);
        var recovery = await ScenarioResult.MeasureRecoveryAsync(cluster, tokens, faultAt, clock);
        await Task.Delay(LoadAfterFault);
        await load.StopAsync();
        await cluster.Emulator.SetFaultsAsync(new FaultSettings());

        var result = await ScenarioResult.CollectAsync(cluster, tokens);
        Report("kill -9 of silo-2", result, $"provisioning at the kill: {setupAtKill["phase"]}, {setupAtKill["keys_available"]} of {FaultCluster.PoolSize} keys in the pool; " +
            $"every token stored an event again {recovery.TotalSeconds:F1} s after the kill; " +
            $"failed webhook deliveries in the steady state before the kill: {failedBeforeFault}", cluster);

        Assert.NotEqual("ready", setupAtKill["phase"]!.GetValue<string>());
        Assert.Equal(0, failedBeforeFault);
        result.AssertGuarantees();
    }

    [Fact]
    public async Task PostgresRestarted_DuringUses_RecoversWithoutLoss()
    {
        await using var cluster = await FaultCluster.StartAsync("postgres");
        var tokens = await CreateTokensAsync(cluster);
        var steady = await CountFailedDeliveriesAsync(cluster);
        await using var load = new HoneytokenLoad(cluster.EmulatorUri, tokens, LoadInterval);
        load.Start();
        await Task.Delay(LoadBeforeFault);

        var before = await CountFailedDeliveriesAsync(cluster);
        var failedBeforeFault = FailedSince(steady, before);
        await cluster.Postgres.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(5));
        await cluster.Postgres.StartServerAsync();
        var restartedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var recovery = await ScenarioResult.MeasureRecoveryAsync(cluster, tokens, restartedAt, clock);
        await Task.Delay(LoadAfterFault);
        await load.StopAsync();

        var result = await ScenarioResult.CollectAsync(cluster, tokens);
        var failed = (await CountFailedDeliveriesAsync(cluster))
            .Select(kind => (kind.Key, Count: kind.Value - before.GetValueOrDefault(kind.Key)))
            .ToList();
        var serverErrors = failed.Sum(kind => kind.Count);
        Report("PostgreSQL stopped (fast) for 5 s and started", result,
            $"webhook delivery attempts that got a 5xx response or none, then were retried: {string.Join(", ", failed.Select(kind => $"{kind.Key} {kind.Count}"))}; " +
            $"every token stored an event again {recovery.TotalSeconds:F1} s after PostgreSQL started; " +
            $"failed webhook deliveries in the steady state before the outage: {failedBeforeFault}", cluster);

        Assert.Equal(0, failedBeforeFault);
        Assert.True(serverErrors > 0, "no webhook delivery failed during the outage, so the outage was not observed");
        result.AssertGuarantees();
    }

    [Fact]
    public async Task RollingRestart_DuringUses_KeepsGuarantees()
    {
        await using var cluster = await FaultCluster.StartAsync("rolling");
        var tokens = await CreateTokensAsync(cluster);
        var steady = await CountFailedDeliveriesAsync(cluster);
        await using var load = new HoneytokenLoad(cluster.EmulatorUri, tokens, LoadInterval);
        load.Start();
        await Task.Delay(LoadBeforeFault);

        var failedBeforeFault = FailedSince(steady, await CountFailedDeliveriesAsync(cluster));
        var steps = new List<string>();
        for (var index = 0; index < FaultCluster.SiloCount; index++)
        {
            var clock = Stopwatch.StartNew();
            await cluster.StopSiloAsync(index);
            var stopped = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(2));
            await cluster.StartSiloAsync(index);
            steps.Add(string.Create(CultureInfo.InvariantCulture, $"{cluster.Silos[index].Name} stopped in {stopped.TotalSeconds:F1} s, ready again {clock.Elapsed.TotalSeconds:F1} s after SIGTERM"));
        }

        await Task.Delay(LoadAfterFault);
        await load.StopAsync();

        var result = await ScenarioResult.CollectAsync(cluster, tokens);
        Report("rolling restart of the three silos (SIGTERM, 2 s, start)", result,
            string.Join("; ", steps) + $"; failed webhook deliveries in the steady state before the first restart: {failedBeforeFault}", cluster);

        Assert.Equal(0, failedBeforeFault);
        result.AssertGuarantees();

        // A silo that stops in order hands its grains over, so no alert goes out twice.
        Assert.Equal(0, result.AlertRedeliveries);
    }

    private async Task<IReadOnlyList<IssuedToken>> CreateTokensAsync(FaultCluster cluster)
    {
        await Poll.UntilAsync(cluster.GetSetupAsync, setup => setup["keys_available"]!.GetValue<int>() >= TokenCount, TimeSpan.FromSeconds(120), "pooled keys for the tokens");
        var tokens = new List<IssuedToken>();
        for (var index = 0; index < TokenCount; index++)
        {
            tokens.Add(await cluster.CreateTokenAsync($"fault-token-{index + 1}"));
        }

        return tokens;
    }

    /// <summary>Returns the failed webhook delivery attempts so far, per kind of delivery: those that got a 5xx response or no response.</summary>
    private static async Task<Dictionary<string, long>> CountFailedDeliveriesAsync(FaultCluster cluster)
    {
        var statistics = await cluster.Emulator.GetDeliveryStatisticsAsync();
        return statistics.ToDictionary(
            kind => kind.Kind,
            kind => kind.Unanswered + kind.StatusCodes.Where(code => code.Key >= 500).Sum(code => code.Value));
    }

    /// <summary>Returns the failed delivery attempts between two counts.</summary>
    private static long FailedSince(Dictionary<string, long> earlier, Dictionary<string, long> later) =>
        later.Sum(kind => kind.Value - earlier.GetValueOrDefault(kind.Key));

    private void Report(string scenario, ScenarioResult result, string faultFigures, FaultCluster cluster)
    {
        var text = $"Scenario: {scenario}\n{faultFigures}\n{result.Describe()}\nLogs: {cluster.LogDirectory}";
        output.WriteLine(text);

        // Also on standard output, where the runner's console log keeps it.
        Console.WriteLine(text);
    }
}
