using System.Diagnostics;
using Honeytoken.Grains.Events;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Ingestion.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Honeytoken.Ingestion.Tests;

/// <summary>A honeytoken used with the real AWS CLI reaches the service through both channels.</summary>
[Collection(IngestionCollection.Name)]
public sealed class EndToEndCliTests(IngestionHarness harness, ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task CliCall_StoredOnceWithBothChannels()
    {
        var token = await harness.CreateTokenAsync("e2e-cli");
        var clock = Stopwatch.StartNew();

        var (exitCode, stdout, stderr) = await AwsCli.RunAsync(harness.Emulator.BaseUri, token.AccessKeyId!, token.SecretAccessKey!, "sts", "get-caller-identity");
        var cliDone = clock.Elapsed;
        Assert.True(exitCode == 0, stderr);
        Assert.Contains(":user/", stdout, StringComparison.Ordinal);

        var realTime = await Poll.UntilAsync(() => harness.GetEventsAsync(token.Id), events => events.Count > 0, Deadline, "the real-time event");
        var realTimeLatency = clock.Elapsed;
        var stored = Assert.Single(realTime);
        Assert.Equal("sts:GetCallerIdentity", stored.Action);
        Assert.StartsWith("aws-cli/2.", stored.UserAgent, StringComparison.Ordinal);
        Assert.Contains("tool:aws-cli", stored.Tags);
        Assert.True(stored.Channels.ContainsKey(EventChannels.RealTime));
        Assert.False(stored.Channels.ContainsKey(EventChannels.LogFile));

        var snapshot = await harness.Grains.GetGrain<IHoneytokenGrain>(token.Id).GetAsync(includeSecret: false);
        Assert.Equal(HoneytokenStatus.Triggered, snapshot!.Status);

        var flushStarted = clock.Elapsed;
        var keys = await harness.Emulator.Control.FlushLogFilesAsync();
        Assert.NotEmpty(keys);
        var both = await Poll.UntilAsync(
            () => harness.GetEventsAsync(token.Id),
            events => events.Count == 1 && events[0].Channels.ContainsKey(EventChannels.LogFile),
            Deadline,
            "the log-file channel to be merged into the stored event");
        var logFileLatency = clock.Elapsed;

        var merged = Assert.Single(both);
        Assert.Equal(stored.EventKey, merged.EventKey);
        Assert.True(merged.Channels.ContainsKey(EventChannels.RealTime));
        var measured = $"CLI call to stored event: real time {realTimeLatency.TotalMilliseconds:F0} ms " +
            $"(the CLI process itself took {cliDone.TotalMilliseconds:F0} ms); " +
            $"log file {logFileLatency.TotalMilliseconds:F0} ms after the call, {(logFileLatency - flushStarted).TotalMilliseconds:F0} ms after the emulator wrote the file.";
        output.WriteLine(measured);

        // Also on standard output, where the runner's console log keeps it for the closing report.
        Console.WriteLine(measured);
    }
}
