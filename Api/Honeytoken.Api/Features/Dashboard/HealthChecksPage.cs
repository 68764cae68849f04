using Honeytoken.Grains.Health;
using Honeytoken.Grains.Setup;

namespace Honeytoken.Api.Features.Dashboard;

/// <summary>One sub-check or node result as the Health Checks page shows it.</summary>
public sealed record HealthItemView(string Name, string Status, string Message, string? Remediation, DateTimeOffset? CheckedAt);

/// <summary>One event channel of "Reception of events".</summary>
public sealed record ChannelView(string Channel, string Status, string Message, TimeSpan? Latency, DateTimeOffset? LastReceivedAt);

/// <summary>The Honeytoken section of the Health Checks page.</summary>
public sealed record HealthView(
    string AwsAccessStatus,
    DateTimeOffset? AwsAccessCheckedAt,
    IReadOnlyList<HealthItemView> SubChecks,
    IReadOnlyList<HealthItemView> Nodes,
    string ReceptionStatus,
    IReadOnlyList<ChannelView> Channels,
    DateTimeOffset? NextReceptionRun,
    string? Notice);

/// <summary>
/// <c>/health-checks</c>: "Access to AWS resources", which an admin can run again, and
/// "Reception of events", which runs on its schedule only.
/// </summary>
public static class HealthChecksPage
{
    public static void Map(RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/health-checks", async (HttpContext context, IClusterClient cluster) =>
                Render(context, await ReadReportAsync(cluster), runMessage: null))
            .RequireAuthorization(DashboardExtensions.AdminPolicy);
        dashboard.MapPost("/health-checks/aws-access/run", async (HttpContext context, IClusterClient cluster) =>
            {
                var message = await RunAwsAccessAsync(cluster);
                return Render(context, await ReadReportAsync(cluster), message);
            })
            .RequireAuthorization(DashboardExtensions.AdminPolicy)
            .RequireAntiforgery();
    }

    private static async Task<HealthView> ReadReportAsync(IClusterClient cluster)
    {
        var report = await cluster.GetGrain<IHealthMonitorGrain>(Installation.DefaultId).GetReportAsync();
        var awsAccess = report.AwsAccess;
        var reception = report.EventsReception;

        var subChecks = (awsAccess?.SubChecks ?? [])
            .Select(check => new HealthItemView(check.Name, check.Status, check.Message, check.Remediation, check.CheckedAt))
            .ToList();
        var nodes = report.Nodes
            .Select(node => new HealthItemView(
                $"{node.NodeName} ({node.HostName})",
                node.Status,
                NodeSummary(node),
                null,
                node.CheckedAt))
            .ToList();
        var channels = reception.Channels
            .Select(channel => new ChannelView(channel.Channel, channel.Status, channel.Message, channel.Latency, channel.LastReceivedAt))
            .ToList();

        // A node that has not read the configuration yet also reports not_configured, so the
        // notice needs the AWS check to have no result as well.
        var notice = report.Status == HealthStatus.NotConfigured && awsAccess is null
            ? "No configuration is uploaded yet, so there is nothing to check. Upload aws_honeytoken_config.json in Settings."
            : null;
        return new HealthView(awsAccess?.Status ?? HealthStatus.Pending, awsAccess?.FinishedAt, subChecks, nodes,
            reception.Status, channels, reception.NextRunAt, notice);
    }

    private static async Task<string> RunAwsAccessAsync(IClusterClient cluster)
    {
        var result = await cluster.GetGrain<IHealthMonitorGrain>(Installation.DefaultId).RunCheckAsync(HealthCheckNames.AwsAccess);
        if (!result.Started)
        {
            return $"The check did not run: {result.RejectionReason}";
        }

        return result.Run is { } run
            ? $"The check ran at {Html.Time(run.FinishedAt)}: {run.Status.Replace('_', ' ')}."
            : "The check did not run: no configuration is uploaded yet. Upload aws_honeytoken_config.json in Settings.";
    }

    // One line per node: its failing or degraded sub-checks, or that all passed, and its clock skew.
    private static string NodeSummary(NodeReport node)
    {
        var problems = node.SubChecks.Where(check => check.Status is HealthStatus.Failing or HealthStatus.Degraded).ToList();
        var checks = problems.Count == 0
            ? $"{node.SubChecks.Count} sub-check(s) passed."
            : string.Join(" ", problems.Select(check => $"{check.Name}: {check.Message}"));
        var skew = node.ClockSkew is { } value ? $" Clock skew {value.TotalSeconds:0.#} s." : "";
        return checks + skew;
    }

    private static IResult Render(HttpContext context, HealthView report, string? runMessage)
    {
        var notice = report.Notice is null ? HtmlFragment.Empty : Html.Render($"""<p class="warning" role="status">{report.Notice}</p>""");
        var runResult = runMessage is null ? HtmlFragment.Empty : Html.Render($"""<p class="run-result" role="status">{runMessage}</p>""");

        var body = Html.Render($"""
            <h2>Honeytoken</h2>
            {notice}
            <section class="card" aria-labelledby="aws-access-title">
            <h3 id="aws-access-title">Access to AWS resources</h3>
            <p>Status: {DashboardLayout.Status(report.AwsAccessStatus)} · last checked {Html.Time(report.AwsAccessCheckedAt)}</p>
            {Items("Sub-checks", report.SubChecks)}
            {Items("Per node", report.Nodes)}
            <form method="post" action="/health-checks/aws-access/run">
            {DashboardLayout.AntiforgeryField(context)}
            <button type="submit">Check again</button>
            </form>
            {runResult}
            </section>
            <section class="card" aria-labelledby="reception-title">
            <h3 id="reception-title">Reception of events</h3>
            <p>Status: {DashboardLayout.Status(report.ReceptionStatus)} · next scheduled run {Html.Time(report.NextReceptionRun)}</p>
            {Channels(report.Channels)}
            <p class="help">This check runs on a schedule and cannot be started by hand: it waits for AWS to deliver a probe event through each channel.</p>
            </section>
            """);
        return DashboardLayout.Page(context, "Health Checks", body);
    }

    private static HtmlFragment Items(string title, IReadOnlyList<HealthItemView> items)
    {
        if (items.Count == 0)
        {
            return Html.Render($"""<p>{title}: no results yet.</p>""");
        }

        return Html.Render($"""
            <table class="list">
            <caption>{title}</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Result</th><th scope="col">Checked</th></tr></thead>
            <tbody>{Html.Join(items.Select(item => Html.Render($"""
                <tr><td data-label="Name">{item.Name}</td><td data-label="Status">{DashboardLayout.Status(item.Status)}</td>
                <td data-label="Result">{item.Message}{(item.Remediation is null ? "" : " " + item.Remediation)}</td><td data-label="Checked">{Html.Time(item.CheckedAt)}</td></tr>
                """)))}</tbody>
            </table>
            """);
    }

    private static HtmlFragment Channels(IReadOnlyList<ChannelView> channels)
    {
        if (channels.Count == 0)
        {
            return Html.Render($"""<p>Channels: no results yet.</p>""");
        }

        return Html.Render($"""
            <table class="list">
            <thead><tr><th scope="col">Channel</th><th scope="col">Status</th><th scope="col">Latency</th><th scope="col">Last event</th><th scope="col">Result</th></tr></thead>
            <tbody>{Html.Join(channels.Select(channel => Html.Render($"""
                <tr><td data-label="Channel">{channel.Channel}</td><td data-label="Status">{DashboardLayout.Status(channel.Status)}</td>
                <td data-label="Latency">{(channel.Latency is { } latency ? $"{latency.TotalSeconds:0.#} s" : "—")}</td>
                <td data-label="Last event">{Html.Time(channel.LastReceivedAt)}</td><td data-label="Result">{channel.Message}</td></tr>
                """)))}</tbody>
            </table>
            """);
    }
}
