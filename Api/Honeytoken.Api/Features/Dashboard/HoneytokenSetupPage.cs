using System.Globalization;
using Honeytoken.Api.Auditing;
using Honeytoken.Grains.Setup;

namespace Honeytoken.Api.Features.Dashboard;

/// <summary>
/// <c>/settings/honeytoken</c>: upload <c>aws_honeytoken_config.json</c>, see each validation
/// error beside the field of the file it names, and follow provisioning, which the page script
/// polls from <c>progress.json</c>.
/// </summary>
public static class HoneytokenSetupPage
{
    /// <summary>How often the page script fetches the progress while provisioning runs, in milliseconds.</summary>
    public const int PollIntervalMilliseconds = 1500;

    public static void Map(RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/settings/honeytoken", ShowAsync).RequireAuthorization(DashboardExtensions.AdminPolicy);
        dashboard.MapPost("/settings/honeytoken", UploadAsync).RequireAuthorization(DashboardExtensions.AdminPolicy).RequireAntiforgery()
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(HoneytokenConfigurationParser.MaxFileBytes * 2));
        dashboard.MapGet("/settings/honeytoken/progress.json", async (IClusterClient cluster) =>
            Results.Json(await cluster.GetGrain<ITenantSetupGrain>(Installation.DefaultId).GetProgressAsync()))
            .RequireAuthorization(DashboardExtensions.AdminPolicy);
    }

    private static async Task<IResult> ShowAsync(HttpContext context, IClusterClient cluster)
    {
        var progress = await cluster.GetGrain<ITenantSetupGrain>(Installation.DefaultId).GetProgressAsync();
        return Render(context, progress, errors: [], accepted: false);
    }

    private static async Task<IResult> UploadAsync(HttpContext context, IClusterClient cluster, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger(DashboardLog.Category);
        var setup = cluster.GetGrain<ITenantSetupGrain>(Installation.DefaultId);
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var file = form.Files.GetFile("configuration");

        IReadOnlyList<ConfigurationError> errors;
        if (file is null || file.Length == 0)
        {
            errors = [new ConfigurationError("file", "is missing. Choose aws_honeytoken_config.json and upload it again.")];
        }
        else if (file.Length > HoneytokenConfigurationParser.MaxFileBytes)
        {
            errors = [new ConfigurationError("file", $"is {file.Length} bytes; the maximum is {HoneytokenConfigurationParser.MaxFileBytes}. Upload the configuration file itself, not an archive.")];
        }
        else
        {
            using var buffer = new MemoryStream();
            await file.CopyToAsync(buffer, context.RequestAborted);
            var body = WithoutByteOrderMark(buffer.ToArray());

            // The file is validated here first, as the REST API does, so a malformed file never
            // reaches the grain. The grain validates again, with the checks that need AWS.
            HoneytokenConfigurationParser.Parse(body, out var parseErrors);
            errors = parseErrors;
            if (errors.Count == 0)
            {
                var result = await setup.UploadConfigurationAsync(body, context.User.ToActor());
                errors = result.Accepted ? [] : result.Errors;
            }
        }

        DashboardLog.ConfigurationUploaded(logger, context.User.ToActor().Id, errors.Count == 0 ? "accepted" : $"rejected with {errors.Count} error(s)");
        var progress = await setup.GetProgressAsync();
        return Render(context, progress, errors, accepted: errors.Count == 0);
    }

    private static IResult Render(HttpContext context, SetupProgress progress, IReadOnlyList<ConfigurationError> errors, bool accepted)
    {
        var outcome = accepted
            ? Html.Render($"""<p class="success" role="status">The configuration was accepted. Provisioning runs now; its progress is below.</p>""")
            : errors.Count > 0
                ? Html.Render($"""
                    <div class="error" role="alert" id="configuration-errors">
                    <p>The configuration was rejected and nothing was changed; the previous configuration stays in force. Fix these fields of the file and upload it again:</p>
                    <dl class="field-errors">
                    {Html.Join(errors.Select(error => Html.Render($"""<dt><code>{error.Field}</code></dt><dd data-field="{error.Field}">{error.Message}</dd>""")))}
                    </dl>
                    </div>
                    """)
                : HtmlFragment.Empty;

        var body = Html.Render($"""
            <section class="card" aria-labelledby="upload-title">
            <h2 id="upload-title">Configuration</h2>
            <form method="post" action="/settings/honeytoken" enctype="multipart/form-data" class="stack">
            {DashboardLayout.AntiforgeryField(context)}
            <label for="configuration">aws_honeytoken_config.json</label>
            <input id="configuration" name="configuration" type="file" accept="application/json,.json" required aria-describedby="configuration-help configuration-errors">
            <p class="help" id="configuration-help">The file names the bootstrap credentials, the management role, the organization, the key pool size, the CloudTrail log access point and the real-time webhook key. Secrets in it are encrypted at rest and never shown again.</p>
            {outcome}
            <button type="submit">Upload configuration</button>
            </form>
            </section>
            {ProgressSection(progress)}
            """);
        return DashboardLayout.Page(context, "Settings › Honeytoken", body, errors.Count > 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    private static HtmlFragment ProgressSection(SetupProgress progress)
    {
        var percent = Percent(progress);
        return Html.Render($"""
            <section class="card" aria-labelledby="progress-title" id="setup-progress" data-poll-url="/settings/honeytoken/progress.json" data-poll-interval="{PollIntervalMilliseconds}">
            <h2 id="progress-title">Provisioning</h2>
            <progress id="progress-bar" max="100" value="{percent}" aria-labelledby="progress-title" aria-describedby="progress-percent">{percent} %</progress>
            <p><span id="progress-percent">{percent} %</span> of the key pool filled.</p>
            <dl class="facts">
            <dt>Phase</dt><dd id="progress-phase">{DashboardLayout.Status(progress.Phase)}</dd>
            <dt>Member accounts</dt><dd id="progress-accounts">{progress.AccountsReady} of {progress.AccountsTarget}</dd>
            <dt>Keys provisioned</dt><dd id="progress-keys">{progress.KeysProvisioned} of {progress.KeysTarget}</dd>
            <dt>Keys ready to hand out</dt><dd id="progress-available">{progress.KeysAvailable}</dd>
            <dt>Rate</dt><dd id="progress-rate">{Rate(progress.KeysPerMinute)}</dd>
            <dt>Last error</dt><dd id="progress-error">{LastError(progress.LastError)}</dd>
            </dl>
            </section>
            """);
    }

    // Editors on Windows often save JSON with a UTF-8 byte order mark, which the JSON parser rejects.
    private static byte[] WithoutByteOrderMark(byte[] file) =>
        file.AsSpan().StartsWith("\uFEFF"u8) ? file[3..] : file;

    /// <summary>
    /// Returns the share of the pool that is filled. The setup grain moves to ready only when the
    /// keys available reach the target, while <see cref="SetupProgress.KeysProvisioned"/> counts
    /// only keys made since the last upload and stays 0 when an upload finds the pool full.
    /// </summary>
    private static int Percent(SetupProgress progress) =>
        progress.KeysTarget <= 0 ? 0 : (int)Math.Min(100, Math.Floor(100.0 * progress.KeysAvailable / progress.KeysTarget));

    private static string Rate(double keysPerMinute) => keysPerMinute.ToString("0.#", CultureInfo.InvariantCulture) + " keys per minute";

    private static string LastError(SetupError? error) => error is null ? "none" : $"{Html.Time(error.At)}: {error.Message}";
}
