using Honeytoken.AwsEmulator.Faults;
using Honeytoken.Grains.Health;
using Honeytoken.Grains.Health.Nodes;
using Honeytoken.Health.Tests.Infrastructure;
using Honeytoken.Testing;

namespace Honeytoken.Health.Tests;

/// <summary>The checks that every silo runs against the AWS endpoints, reported by node name.</summary>
[Collection(HealthCollection.Name)]
public sealed class NodeCheckTests(HealthHarness harness) : IAsyncLifetime
{
    public Task InitializeAsync() => harness.RestoreEmulatorAsync();

    public Task DisposeAsync() => harness.RestoreEmulatorAsync();

    [Fact]
    public async Task Nodes_OneSiloCannotResolveIam_NamesThatNode()
    {
        var blocked = harness.Cluster.SecondarySilos[0].Name;
        BlockingDnsResolver.Block(blocked, HealthHarness.IamHost);

        var report = await harness.WaitForReportAsync(
            report => report.Nodes.Any(node => node.SubCheck("iam.dns")?.Status == HealthStatus.Failing),
            $"silo {blocked} to report that it cannot resolve IAM");

        Assert.Equal(2, report.Nodes.Count);
        var failing = Assert.Single(report.Nodes, node => node.Status == HealthStatus.Failing);
        Assert.Equal(blocked, failing.NodeName);
        Assert.Contains($"DNS lookup of {HealthHarness.IamHost} (iam) failed", failing.SubCheck("iam.dns")!.Message, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Pending, failing.SubCheck("iam.reach")!.Status);
        Assert.Equal(HealthStatus.Ok, failing.SubCheck("sts.reach")!.Status);
        var healthy = Assert.Single(report.Nodes, node => node.NodeName != blocked);
        Assert.Equal(HealthStatus.Ok, healthy.SubCheck("iam.reach")!.Status);
        Assert.Equal(HealthStatus.Failing, report.Status);
    }

    [Fact]
    public async Task Nodes_PlainHttpEndpoints_TlsNotApplicable()
    {
        var report = await harness.WaitForReportAsync(
            report => report.Nodes.Count == 2 && report.Nodes.All(node => node.SubCheck("sts.tls") is not null),
            "both silos to report");

        Assert.All(report.Nodes, node =>
        {
            Assert.Equal(HealthStatus.NotApplicable, node.SubCheck("sts.tls")!.Status);
            Assert.Equal(HealthStatus.NotApplicable, node.SubCheck("sts.dns")!.Status);
            Assert.Equal(HealthStatus.Ok, node.SubCheck("iam.dns")!.Status);
            Assert.NotNull(node.ClockSkew);
        });
    }

    [Fact]
    public async Task Nodes_AwsClockTenMinutesAhead_ClockSkewFailing()
    {
        await harness.Emulator.Control.SetFaultsAsync(new FaultSettings { DateSkewSeconds = 600 });

        var report = await harness.WaitForReportAsync(
            report => report.Nodes.Count == 2 && report.Nodes.All(node => node.SubCheck(NodeChecker.ClockSkew)?.Status == HealthStatus.Failing),
            "every silo to report the clock skew");

        Assert.All(report.Nodes, node =>
        {
            var skew = node.SubCheck(NodeChecker.ClockSkew)!;
            Assert.Contains("behind the Date header", skew.Message, StringComparison.Ordinal);
            Assert.Contains("more than 5 minutes", skew.Message, StringComparison.Ordinal);
            Assert.Contains("NTP", skew.Remediation, StringComparison.Ordinal);
            Assert.InRange(node.ClockSkew!.Value.TotalSeconds, -610, -590);
        });
        Assert.Equal(HealthStatus.Failing, report.Status);

        // The AWS SDK corrects its signing clock from the Date headers it saw, so the first
        // request after the skew ends is rejected as RequestTimeTooSkewed and corrects it back.
        await harness.Emulator.Control.SetFaultsAsync(new FaultSettings());
        var recovered = await Poll.UntilAsync(
            () => harness.Monitor.RunCheckAsync(HealthCheckNames.AwsAccess),
            result => result.Run?.Status == HealthStatus.Ok,
            HealthHarness.Deadline,
            "the AWS-access check to pass once the skew is gone");
        Assert.Equal(HealthStatus.Ok, recovered.Run!.Status);
    }
}
