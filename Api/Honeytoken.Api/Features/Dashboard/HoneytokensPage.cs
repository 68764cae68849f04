using Honeytoken.Api.Auditing;
using Honeytoken.Api.Authentication;
using Honeytoken.Api.Features.Honeytokens;
using Honeytoken.Grains.Honeytokens;
using Honeytoken.Grains.Setup;
using Microsoft.AspNetCore.WebUtilities;

namespace Honeytoken.Api.Features.Dashboard;

/// <summary>
/// <c>/honeytokens</c>: the count by status, the filterable list and the create form. A created
/// token's secret key is shown once, in the response to the form post, and never in a URL.
/// </summary>
public static class HoneytokensPage
{
    // A pooled key whose grain has moved on meanwhile cannot be assigned, so it is skipped, as
    // the REST API does. A few attempts cover that race without looping on a broken pool.
    private const int MaxAssignAttempts = 3;

    public static void Map(RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/honeytokens", ListAsync).RequireAuthorization(DashboardExtensions.ReadPolicy);
        dashboard.MapPost("/honeytokens", CreateAsync).RequireAuthorization(DashboardExtensions.WritePolicy).RequireAntiforgery();
    }

    private static async Task<IResult> ListAsync(HttpContext context, HoneytokenQueries queries, DashboardQueries dashboardQueries, CancellationToken cancellationToken)
    {
        var counts = await dashboardQueries.CountByStatusAsync(cancellationToken);
        var status = context.Request.Query["status"].ToString();
        var search = context.Request.Query["search"].ToString();

        HtmlFragment list;
        if (!HoneytokenListQuery.TryParse(context.Request.Query, out var query, out var error))
        {
            list = Html.Render($"""<p class="error" role="alert">The filter {error.Field} {error.Message}</p>""");
        }
        else
        {
            var rows = await queries.ListAsync(query, query.PageSize + 1, cancellationToken);
            var page = rows.Take(query.PageSize).ToList();
            var next = rows.Count > query.PageSize
                ? QueryHelpers.AddQueryString("/honeytokens", Filters(status, search, HoneytokenQueries.CursorAfter(page[^1], query).Encode()))
                : null;
            list = Table(page.Select(row => row.Snapshot).ToList(), next, status.Length > 0 || search.Length > 0);
        }

        var body = Html.Render($"""
            {Counts(counts)}
            {Html.If(context.User.HasScope(ApiScopes.HoneytokensWrite), CreateForm(context, null, null))}
            <section aria-labelledby="list-title">
            <h2 id="list-title">All honeytokens</h2>
            {FilterForm(status, search)}
            {list}
            </section>
            """);
        return DashboardLayout.Page(context, "Honeytokens", body);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, IClusterClient cluster, ILoggerFactory loggerFactory)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var name = form["name"].ToString().Trim();
        var description = form["description"].ToString().Trim();
        var tagsText = form["tags"].ToString();
        var logger = loggerFactory.CreateLogger(DashboardLog.Category);

        if (!TryParseTags(tagsText, out var tags, out var tagError))
        {
            return CreateFailed(context, form, "tags", tagError);
        }

        var fields = new HoneytokenFields(name, description.Length == 0 ? null : description, tags);
        if (HoneytokenFieldRules.Validate(fields) is { } invalid)
        {
            return CreateFailed(context, form, invalid.Field ?? "name", invalid.Message);
        }

        var actor = context.User.ToActor();
        var pool = cluster.GetGrain<IKeyPoolGrain>(Installation.DefaultId);
        for (var attempt = 1; attempt <= MaxAssignAttempts; attempt++)
        {
            if (await pool.TakeAsync() is not { } tokenId)
            {
                return CreateFailed(context, form, "name",
                    "cannot be given yet: every provisioned AWS key is handed out. Wait for provisioning (Settings > Honeytoken shows its progress) and submit again.");
            }

            var grain = cluster.GetGrain<IHoneytokenGrain>(tokenId);
            var result = await grain.AssignAsync(fields, actor);
            if (result.Token is { } created)
            {
                DashboardLog.Created(logger, created.Id, actor.Id);
                var withSecret = await grain.GetAsync(includeSecret: true) ?? created;
                return Created(context, withSecret);
            }

            var failure = result.Error!;
            if (failure.Kind is HoneytokenErrorKind.NameConflict or HoneytokenErrorKind.Invalid)
            {
                // The key is still pooled: give it back for the next create.
                await pool.ReturnAsync(tokenId);
                return CreateFailed(context, form, failure.Field ?? "name", failure.Message);
            }

            DashboardLog.AssignFailed(logger, tokenId, failure.Kind.ToString(), failure.Message);
        }

        return CreateFailed(context, form, "name", $"could not be given: {MaxAssignAttempts} pooled keys in a row could not be handed out. Submit again; the server log names the keys.");
    }

    private static IResult Created(HttpContext context, HoneytokenSnapshot token)
    {
        var credentials = $"""
            [{ProfileName(token.Name)}]
            aws_access_key_id = {token.AccessKeyId}
            aws_secret_access_key = {token.SecretAccessKey}
            """;
        var body = Html.Render($"""
            <section class="card created" aria-labelledby="created-title">
            <h2 id="created-title">Honeytoken “{token.Name}” created</h2>
            <p class="warning" role="status"><strong>Copy the secret key now.</strong> This is the only time it is shown; the dashboard and the API show only the access key id afterwards.</p>
            <dl class="facts">
            <dt>Access key id</dt><dd><code id="access-key-id">{token.AccessKeyId}</code></dd>
            <dt>Secret access key</dt><dd><code id="secret-access-key">{token.SecretAccessKey}</code>
            <button type="button" data-copy="secret-access-key">Copy secret key</button></dd>
            </dl>
            <h3>~/.aws/credentials</h3>
            <pre id="credentials-block">{credentials}</pre>
            <button type="button" data-copy="credentials-block">Copy credentials block</button>
            <p class="copy-status" role="status" aria-live="polite"></p>
            <p><a href="/honeytokens/{token.Id}">Open the honeytoken</a> · <a href="/honeytokens">Back to the list</a></p>
            </section>
            """);
        return DashboardLayout.Page(context, "Honeytoken created", body, StatusCodes.Status201Created);
    }

    private static IResult CreateFailed(HttpContext context, IFormCollection form, string field, string message)
    {
        var body = CreateForm(context, form, (field, message));
        return DashboardLayout.Page(context, "Create a honeytoken", body, StatusCodes.Status400BadRequest);
    }

    private static HtmlFragment CreateForm(HttpContext context, IFormCollection? form, (string Field, string Message)? error)
    {
        HtmlFragment ErrorFor(string field) =>
            error is { } found && (found.Field == field || (field == "tags" && found.Field.StartsWith("custom_tags", StringComparison.Ordinal)))
                ? Html.Render($"""<p class="error field-error" id="{field}-error" role="alert">The {field} {found.Message}</p>""")
                : HtmlFragment.Empty;

        return Html.Render($"""
            <section class="card" aria-labelledby="create-title">
            <h2 id="create-title">Create a honeytoken</h2>
            <form method="post" action="/honeytokens" class="stack">
            {DashboardLayout.AntiforgeryField(context)}
            <label for="name">Name</label>
            <input id="name" name="name" required maxlength="{HoneytokenFieldRules.MaxNameLength}" value="{form?["name"].ToString()}" aria-describedby="name-error">
            {ErrorFor("name")}
            <label for="description">Description</label>
            <input id="description" name="description" maxlength="{HoneytokenFieldRules.MaxDescriptionLength}" value="{form?["description"].ToString()}" aria-describedby="description-error">
            {ErrorFor("description")}
            <label for="tags">Tags, one <code>key=value</code> per line</label>
            <textarea id="tags" name="tags" rows="3" aria-describedby="tags-help tags-error">{form?["tags"].ToString()}</textarea>
            <p class="help" id="tags-help">For example <code>team=payments</code>. Where you plant the token is a good tag.</p>
            {ErrorFor("tags")}
            <button type="submit">Create honeytoken</button>
            </form>
            </section>
            """);
    }

    private static HtmlFragment Counts(IReadOnlyDictionary<string, long> counts) => Html.Render($"""
        <ul class="counts" aria-label="Honeytokens by status">
        {Html.Join(HoneytokenStatus.All.Select(status => Html.Render($"""
            <li><a href="/honeytokens?status={status}"><span class="count" id="count-{status}">{counts[status]}</span> {DashboardLayout.Status(status)}</a></li>
            """)))}
        </ul>
        """);

    private static HtmlFragment FilterForm(string status, string search)
    {
        HtmlFragment Option(string value, string label) => value == status
            ? Html.Render($"""<option value="{value}" selected>{label}</option>""")
            : Html.Render($"""<option value="{value}">{label}</option>""");

        return Html.Render($"""
            <form method="get" action="/honeytokens" class="filters" role="search">
            <label for="filter-status">Status</label>
            <select id="filter-status" name="status">
            {Option("", "Any")}{Option(HoneytokenStatus.Active, "Active")}{Option(HoneytokenStatus.Triggered, "Triggered")}{Option(HoneytokenStatus.Revoked, "Revoked")}
            </select>
            <label for="filter-search">Name or description</label>
            <input id="filter-search" name="search" type="search" value="{search}">
            <button type="submit">Filter</button>
            </form>
            """);
    }

    private static HtmlFragment Table(IReadOnlyList<HoneytokenSnapshot> tokens, string? next, bool filtered)
    {
        if (tokens.Count == 0)
        {
            return Html.Render($"""<p>{(filtered ? "No honeytoken matches these filters." : "No honeytokens yet. Create one above once provisioning has made the first keys.")}</p>""");
        }

        var rows = tokens.Select(token => Html.Render($"""
            <tr>
            <td data-label="Name"><a href="/honeytokens/{token.Id}">{token.Name}</a></td>
            <td data-label="Status">{DashboardLayout.Status(token.Status)}</td>
            <td data-label="Created">{Html.Time(token.CreatedAt)}</td>
            <td data-label="Triggered">{Html.Time(token.TriggeredAt)}</td>
            <td data-label="Open events">{token.OpenEventsCount}</td>
            </tr>
            """));
        var nextLink = next is null ? HtmlFragment.Empty : Html.Render($"""<p><a href="{next}" rel="next">Next page</a></p>""");
        return Html.Render($"""
            <table class="list">
            <thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Created</th><th scope="col">Triggered</th><th scope="col">Open events</th></tr></thead>
            <tbody>{Html.Join(rows)}</tbody>
            </table>
            {nextLink}
            """);
    }

    private static Dictionary<string, string?> Filters(string status, string search, string cursor)
    {
        var filters = new Dictionary<string, string?> { ["cursor"] = cursor };
        if (status.Length > 0)
        {
            filters["status"] = status;
        }

        if (search.Length > 0)
        {
            filters["search"] = search;
        }

        return filters;
    }

    private static bool TryParseTags(string text, out List<CustomTag> tags, out string error)
    {
        tags = [];
        error = "";
        var lines = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        foreach (var line in lines)
        {
            var separator = line.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                error = $"line “{line}” is not key=value. Write one tag per line, such as team=payments.";
                return false;
            }

            tags.Add(new CustomTag(line[..separator].Trim(), line[(separator + 1)..].Trim()));
        }

        return true;
    }

    // A credentials profile name from the token name: letters, digits, '-' and '_' only.
    private static string ProfileName(string name)
    {
        var profile = new string(name.Select(character => char.IsAsciiLetterOrDigit(character) || character is '-' or '_' ? character : '-').ToArray()).Trim('-');
        return profile.Length == 0 ? "honeytoken" : profile;
    }
}
