using Honeytoken.Api.Auditing;
using Honeytoken.Api.Authentication;
using Honeytoken.Api.Features.Honeytokens;
using Honeytoken.Grains.Honeytokens;

namespace Honeytoken.Api.Features.Dashboard;

/// <summary>
/// <c>/honeytokens/{id}</c>: the token, its event timeline (refreshed by the page script from
/// <c>events.json</c>), its notes, and reset and revoke behind a confirmation page.
/// </summary>
public static class HoneytokenDetailPage
{
    /// <summary>How often the page script fetches the timeline, in milliseconds.</summary>
    public const int PollIntervalMilliseconds = 3000;

    private const int MaxNotesShown = 100;

    public static void Map(RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/honeytokens/{id:guid}", ShowAsync).RequireAuthorization(DashboardExtensions.ReadPolicy);
        dashboard.MapGet("/honeytokens/{id:guid}/events.json", EventsAsync).RequireAuthorization(DashboardExtensions.ReadPolicy);
        dashboard.MapPost("/honeytokens/{id:guid}/notes", AddNoteAsync).RequireAuthorization(DashboardExtensions.WritePolicy).RequireAntiforgery();

        foreach (var command in new[] { "reset", "revoke" })
        {
            dashboard.MapGet($"/honeytokens/{{id:guid}}/{command}", (Guid id, HttpContext context, HoneytokenQueries queries, CancellationToken cancellationToken) =>
                ConfirmAsync(id, command, context, queries, cancellationToken)).RequireAuthorization(DashboardExtensions.WritePolicy);
            dashboard.MapPost($"/honeytokens/{{id:guid}}/{command}", (Guid id, HttpContext context, HoneytokenQueries queries, IClusterClient cluster, CancellationToken cancellationToken) =>
                RunCommandAsync(id, command, context, queries, cluster, cancellationToken)).RequireAuthorization(DashboardExtensions.WritePolicy).RequireAntiforgery();
        }
    }

    private static async Task<IResult> ShowAsync(
        Guid id, HttpContext context, HoneytokenQueries queries, DashboardQueries dashboardQueries, HoneytokenNoteStore notes, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(id, cancellationToken) is not { } row)
        {
            return NotFound(context, id);
        }

        var token = row.Snapshot;
        var events = await dashboardQueries.ListEventsAsync(id, cancellationToken);
        var noteList = await notes.ListAsync(id, afterPosition: null, MaxNotesShown, cancellationToken);
        var canWrite = context.User.HasScope(ApiScopes.HoneytokensWrite);

        var actions = Html.If(canWrite && token.Status != HoneytokenStatus.Revoked, Html.Render($"""
            <p class="actions">
            {ResetLink(id, token.Status == HoneytokenStatus.Triggered)}
            <a class="button danger" href="/honeytokens/{id}/revoke">Revoke</a>
            </p>
            """));

        var tags = token.CustomTags.Count == 0
            ? Html.Render($"none")
            : Html.Join(token.CustomTags.Select(tag => Html.Render($"""<span class="tag">{tag.Key}={tag.Value}</span> """)));

        var body = Html.Render($"""
            <p><a href="/honeytokens">← All honeytokens</a></p>
            <section class="card" aria-labelledby="token-title">
            <h2 id="token-title">{token.Name}</h2>
            <dl class="facts">
            <dt>Status</dt><dd id="token-status">{DashboardLayout.Status(token.Status)}</dd>
            <dt>Open events</dt><dd id="open-events">{token.OpenEventsCount}</dd>
            <dt>Access key id</dt><dd><code>{token.AccessKeyId}</code></dd>
            <dt>Description</dt><dd>{token.Description ?? "—"}</dd>
            <dt>Tags</dt><dd>{tags}</dd>
            <dt>Created</dt><dd>{Html.Time(token.CreatedAt)}</dd>
            <dt>Triggered</dt><dd id="token-triggered">{Html.Time(token.TriggeredAt)}</dd>
            <dt>Revoked</dt><dd>{Html.Time(token.RevokedAt)}</dd>
            </dl>
            {actions}
            </section>
            <section aria-labelledby="events-title">
            <h2 id="events-title">Events</h2>
            <p class="help">This list refreshes on its own every few seconds. <span id="events-updated" role="status" aria-live="polite"></span></p>
            <table class="list events" id="events" data-poll-url="/honeytokens/{id}/events.json" data-poll-interval="{PollIntervalMilliseconds}">
            <thead><tr><th scope="col">Time</th><th scope="col">Action</th><th scope="col">Region</th><th scope="col">IP address</th><th scope="col">User agent</th><th scope="col">Channels</th><th scope="col">Tags</th><th scope="col">Request parameters</th></tr></thead>
            <tbody>{EventRows(events)}</tbody>
            </table>
            </section>
            <section aria-labelledby="notes-title">
            <h2 id="notes-title">Notes</h2>
            {Html.Join(noteList.Select(note => Html.Render($"""<article class="note"><p class="meta">{Html.Time(note.Note.CreatedAt)} · API token {note.Note.AuthorId}</p><p>{note.Note.Comment}</p></article>""")))}
            {Html.If(noteList.Count == 0, Html.Render($"<p>No notes yet.</p>"))}
            {Html.If(canWrite, NoteForm(context, id))}
            </section>
            """);
        return DashboardLayout.Page(context, "Honeytoken", body);
    }

    private static async Task<IResult> EventsAsync(Guid id, HttpContext context, HoneytokenQueries queries, DashboardQueries dashboardQueries, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(id, cancellationToken) is not { } row)
        {
            return Results.NotFound();
        }

        var events = await dashboardQueries.ListEventsAsync(id, cancellationToken);
        return Results.Json(new
        {
            status = row.Snapshot.Status,
            open_events_count = row.Snapshot.OpenEventsCount,
            triggered_at = Html.Time(row.Snapshot.TriggeredAt),
            events = events.Select(item => new
            {
                time = Html.Time(item.Time),
                status = item.Status,
                action = item.Action,
                region = item.Region,
                ip_address = item.IpAddress,
                user_agent = item.UserAgent,
                error_code = item.ErrorCode,
                channels = item.Channels,
                tags = item.Tags,
                request_parameters = item.RequestParameters,
            }),
        });
    }

    private static async Task<IResult> AddNoteAsync(Guid id, HttpContext context, HoneytokenQueries queries, HoneytokenNoteStore notes, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(context, id);
        }

        var form = await context.Request.ReadFormAsync(cancellationToken);
        var comment = form["comment"].ToString().Trim();
        if (comment.Length == 0)
        {
            return Results.Redirect($"/honeytokens/{id}");
        }

        await notes.CreateAsync(id, comment, context.User.ToActor(), cancellationToken);
        return Results.Redirect($"/honeytokens/{id}#notes-title");
    }

    private static async Task<IResult> ConfirmAsync(Guid id, string command, HttpContext context, HoneytokenQueries queries, CancellationToken cancellationToken)
    {
        if (await queries.GetAsync(id, cancellationToken) is not { } row)
        {
            return NotFound(context, id);
        }

        var explanation = command == "reset"
            ? "Resetting marks the incident handled: the token becomes active again and its open events are archived. The AWS key stays valid and keeps watching."
            : "Revoking deletes the AWS access key and its IAM user. The token can no longer detect anything, and this cannot be undone.";
        var verb = command == "reset" ? "Reset" : "Revoke";
        var body = Html.Render($"""
            <section class="card narrow">
            <p>{verb} the honeytoken <strong>{row.Snapshot.Name}</strong>?</p>
            <p>{explanation}</p>
            <form method="post" action="/honeytokens/{id}/{command}">
            {DashboardLayout.AntiforgeryField(context)}
            <button type="submit" class="{(command == "revoke" ? "danger" : "")}">{verb} honeytoken</button>
            <a class="button secondary" href="/honeytokens/{id}">Cancel</a>
            </form>
            </section>
            """);
        return DashboardLayout.Page(context, $"{verb} honeytoken", body);
    }

    private static async Task<IResult> RunCommandAsync(
        Guid id, string command, HttpContext context, HoneytokenQueries queries, IClusterClient cluster, CancellationToken cancellationToken)
    {
        // The table check keeps unknown ids from activating grains.
        if (await queries.GetAsync(id, cancellationToken) is null)
        {
            return NotFound(context, id);
        }

        var grain = cluster.GetGrain<IHoneytokenGrain>(id);
        var actor = context.User.ToActor();
        var result = command == "reset" ? await grain.ResetAsync(actor) : await grain.RevokeAsync(actor);
        if (result.Error is { } error)
        {
            return DashboardLayout.Page(context, "Not done",
                Html.Render($"""<p class="error" role="alert">{error.Message}</p><p><a href="/honeytokens/{id}">Back to the honeytoken</a></p>"""),
                StatusCodes.Status409Conflict);
        }

        return Results.Redirect($"/honeytokens/{id}");
    }

    // Rendered hidden while the token is active, so that the page script can show it as soon as
    // a refresh reports the token triggered.
    private static HtmlFragment ResetLink(Guid id, bool triggered) => triggered
        ? Html.Render($"""<a class="button" id="reset-link" href="/honeytokens/{id}/reset">Reset</a>""")
        : Html.Render($"""<a class="button" id="reset-link" href="/honeytokens/{id}/reset" hidden>Reset</a>""");

    private static HtmlFragment NoteForm(HttpContext context, Guid id) => Html.Render($"""
        <form method="post" action="/honeytokens/{id}/notes" class="stack">
        {DashboardLayout.AntiforgeryField(context)}
        <label for="comment">Add a note</label>
        <textarea id="comment" name="comment" rows="3" required></textarea>
        <button type="submit">Add note</button>
        </form>
        """);

    private static HtmlFragment EventRows(IReadOnlyList<DashboardEvent> events)
    {
        if (events.Count == 0)
        {
            return Html.Render($"""<tr class="empty"><td colspan="8">No events yet. Any AWS call signed with this key appears here within seconds.</td></tr>""");
        }

        return Html.Join(events.Select(item => Html.Render($"""
            <tr>
            <td data-label="Time">{Html.Time(item.Time)}</td>
            <td data-label="Action">{item.Action}{(item.ErrorCode is null ? "" : $" ({item.ErrorCode})")}</td>
            <td data-label="Region">{item.Region ?? "—"}</td>
            <td data-label="IP address">{item.IpAddress ?? "—"}</td>
            <td data-label="User agent" class="wrap">{item.UserAgent ?? "—"}</td>
            <td data-label="Channels">{string.Join(", ", item.Channels)}</td>
            <td data-label="Tags">{string.Join(", ", item.Tags)}</td>
            <td data-label="Request parameters" class="wrap"><code>{item.RequestParameters ?? "—"}</code></td>
            </tr>
            """)));
    }

    private static IResult NotFound(HttpContext context, Guid id) =>
        DashboardLayout.Page(context, "Not found",
            Html.Render($"""<p class="error" role="alert">No honeytoken has the id {id}.</p><p><a href="/honeytokens">Back to the list</a></p>"""),
            StatusCodes.Status404NotFound);
}
