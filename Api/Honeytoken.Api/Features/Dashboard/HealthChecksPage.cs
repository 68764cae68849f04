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
        dashboard.MapGet("/health-checks", (HttpContext context) => Render(context, ReadReport(), runMessage: null))
            .RequireAuthorization(DashboardExtensions.AdminPolicy);
        dashboard.MapPost("/health-checks/aws-access/run", (HttpContext context) => Render(context, ReadReport(), RunAwsAccess()))
            .RequireAuthorization(DashboardExtensions.AdminPolicy)
            .RequireAntiforgery();
    }

    // TODO: read the report from the health monitor grain and run the check through it once the
    // health checks are merged; until then the page shows that no result exists.
    private static HealthView ReadReport() => new(
        "unknown", null, [], [], "unknown", [], null,
        "This server has no health monitor yet, so no check has run. The results appear here once it is installed.");

    private static string RunAwsAccess() => "The check did not run: this server has no health monitor yet.";

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
