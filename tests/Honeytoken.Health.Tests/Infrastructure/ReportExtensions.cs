using Honeytoken.Grains.Health;

namespace Honeytoken.Health.Tests.Infrastructure;

/// <summary>Finds the parts of a health report that the tests check.</summary>
public static class ReportExtensions
{
    public static ChannelReception Channel(this HealthReport report, string channel) =>
        report.EventsReception.Channels.Single(reception => reception.Channel == channel);

    public static SubCheckResult? SubCheck(this CheckRun? run, string name) =>
        run?.SubChecks.SingleOrDefault(result => result.Name == name);

    public static SubCheckResult? SubCheck(this NodeReport node, string name) =>
        node.SubChecks.SingleOrDefault(result => result.Name == name);

    /// <summary>Renders the statuses and messages, for assertion and time-out messages.</summary>
    public static string Describe(this CheckRun? run) => run is null
        ? "no run"
        : $"{run.Check} {run.Status} at {run.StartedAt:O}: " + string.Join("; ", run.SubChecks.Select(result => $"{result.Name} {result.Status}: {result.Message}"));

    /// <summary>Renders every part of a report, for assertion and time-out messages.</summary>
    public static string Describe(this HealthReport report) =>
        $"section {report.Status}; {report.AwsAccess.Describe()}; reception {report.EventsReception.Status}, last run {report.EventsReception.LastRunAt:O}: "
        + string.Join("; ", report.EventsReception.Channels.Select(channel => $"{channel.Channel} {channel.Status}: {channel.Message}"))
        + "; nodes: "
        + string.Join("; ", report.Nodes.Select(node => $"{node.NodeName} ({node.SiloAddress}) {node.Status}: "
            + string.Join(", ", node.SubChecks.Where(result => result.Status is not (HealthStatus.Ok or HealthStatus.NotApplicable)).Select(result => $"{result.Name} {result.Status}: {result.Message}"))));
}
