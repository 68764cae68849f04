using Honeytoken.AwsEmulator.Faults;
using Honeytoken.Grains.Events;
using Honeytoken.Grains.Health;
using Honeytoken.Grains.Setup;
using Honeytoken.Health.Tests.Infrastructure;
using Honeytoken.Testing;

namespace Honeytoken.Health.Tests;

/// <summary>"Reception of events": probe calls watched on the real-time and log-file channels.</summary>
[Collection(HealthCollection.Name)]
public sealed class ReceptionCheckTests(HealthHarness harness) : IAsyncLifetime
{
    public Task InitializeAsync() => harness.RestoreEmulatorAsync();

    public Task DisposeAsync() => harness.RestoreEmulatorAsync();

    [Fact]
    public async Task Reception_EmulatorHealthy_BothChecksOkWithLatencies()
    {
        await harness.Monitor.RunCheckAsync(HealthCheckNames.AwsAccess);

        var report = await harness.WaitForReportAsync(
            report => report.Status == HealthStatus.Ok && report.Nodes.Count == 2,
            "every check of the section to be ok");

        Assert.Equal(HealthStatus.Ok, report.AwsAccess!.Status);
        Assert.Equal(HealthStatus.Ok, report.EventsReception.Status);
        Assert.NotNull(report.EventsReception.ProbeAccessKeyId);
        Assert.NotNull(report.EventsReception.NextRunAt);
        Assert.NotEmpty(report.EventsReception.History);
        foreach (var channel in ReceptionEvaluator.Channels)
        {
            var reception = report.Channel(channel);
            Assert.Equal(HealthStatus.Ok, reception.Status);
            Assert.NotNull(reception.Latency);
            Assert.True(reception.Latency <= reception.DegradedAfter, $"{channel} latency {reception.Latency}");
            Assert.NotNull(reception.LastReceivedAt);
            Assert.NotNull(reception.LastEventTime);
        }

        Assert.All(report.Nodes, node => Assert.Equal(HealthStatus.Ok, node.Status));
    }

    [Fact]
    public async Task Reception_RealTimeDeliveriesDropped_RealTimeFailing()
    {
        await harness.Emulator.Control.SetDeliveriesAsync(harness.Deliveries(realTime: false));

        var report = await harness.WaitForReportAsync(
            report => report.Channel(EventChannels.RealTime).Status == HealthStatus.Failing,
            "the real-time channel to fail");

        var realTime = report.Channel(EventChannels.RealTime);
        Assert.Contains("No real-time delivery", realTime.Message, StringComparison.Ordinal);
        Assert.Contains("EventBridge", realTime.Remediation, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Failing, report.EventsReception.Status);
        Assert.Equal(HealthStatus.Failing, report.Status);
    }

    [Fact]
    public async Task Reception_SnsNotificationsDropped_LogFilesFailingUntilCatchUp()
    {
        await harness.Emulator.Control.SetFaultsAsync(new FaultSettings { DroppedSnsNotificationRate = 1 });

        var missing = await harness.WaitForReportAsync(
            report => report.Channel(EventChannels.LogFile).Status == HealthStatus.Failing,
            "the log-file channel to fail while SNS notifications are dropped");

        Assert.Contains("neither an SNS notification nor the catch-up listing", missing.Channel(EventChannels.LogFile).Message, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Ok, missing.Channel(EventChannels.RealTime).Status);

        var catchUp = harness.Cluster.Client.GetGrain<ILogCatchUpGrain>(Installation.DefaultId);
        var caughtUp = await Poll.UntilAsync(
            async () =>
            {
                await catchUp.RunOnceAsync();
                return await harness.Monitor.GetReportAsync();
            },
            report => report.Channel(EventChannels.LogFile).Status == HealthStatus.Degraded,
            HealthHarness.Deadline,
            "the catch-up listing to find the probe's log file");

        var logFiles = caughtUp.Channel(EventChannels.LogFile);
        Assert.Contains("found only by the catch-up listing", logFiles.Message, StringComparison.Ordinal);
        Assert.Contains("SNS notification did not arrive", logFiles.Message, StringComparison.Ordinal);
        Assert.NotNull(logFiles.Latency);
    }
}
