using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Alerts;

/// <summary>How alerts are delivered. Bound from the <c>Honeytoken:Alerts</c> section.</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Honeytoken:Alerts";

    /// <summary>How long further events on a triggered token are grouped into one message, unless the destination sets its own. Default 5 minutes.</summary>
    public TimeSpan DefaultCoalesceWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The delay before the first retry; each retry doubles it, with jitter. Default 10 seconds.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest delay between two attempts. Default 1 hour.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a delivery is retried after its first attempt before it is given up. Default 24 hours.</summary>
    public TimeSpan RetryPeriod { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Attempts for a delivery that the receiver rejects with a 4xx status other than 408 and 429. Default 3.</summary>
    public int MaxClientErrorAttempts { get; set; } = 3;

    /// <summary>The timeout of one HTTP request or SMTP session. Default 15 seconds.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long deliveries must fail before the destination is shown as failing. Default 1 hour.</summary>
    public TimeSpan FailingAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The number of attempts each destination keeps for display. Default 50.</summary>
    public int RecentAttemptsKept { get; set; } = 50;

    /// <summary>
    /// The period of the reminder that resumes deliveries after a silo restart. Default 1
    /// minute, the shortest period Orleans accepts unless its reminder options are changed.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The base URL of the dashboard, for links to a token's page. Default <c>http://127.0.0.1:8080</c>.</summary>
    public Uri DashboardUrl { get; set; } = new("http://127.0.0.1:8080");
}

/// <summary>Rejects alert options that would stop or flood deliveries, naming the setting.</summary>
public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        Positive(failures, nameof(AlertOptions.DefaultCoalesceWindow), options.DefaultCoalesceWindow);
        Positive(failures, nameof(AlertOptions.InitialRetryDelay), options.InitialRetryDelay);
        Positive(failures, nameof(AlertOptions.RequestTimeout), options.RequestTimeout);
        Positive(failures, nameof(AlertOptions.FailingAfter), options.FailingAfter);
        Positive(failures, nameof(AlertOptions.ReminderPeriod), options.ReminderPeriod);

        if (options.MaxRetryDelay < options.InitialRetryDelay)
        {
            failures.Add($"The setting {AlertOptions.SectionName}:{nameof(AlertOptions.MaxRetryDelay)} is invalid: it must be at least InitialRetryDelay ({options.InitialRetryDelay}).");
        }

        if (options.RetryPeriod < options.MaxRetryDelay)
        {
            failures.Add($"The setting {AlertOptions.SectionName}:{nameof(AlertOptions.RetryPeriod)} is invalid: it must be at least MaxRetryDelay ({options.MaxRetryDelay}).");
        }

        if (options.MaxClientErrorAttempts < 1)
        {
            failures.Add($"The setting {AlertOptions.SectionName}:{nameof(AlertOptions.MaxClientErrorAttempts)} is invalid: it must be 1 or more.");
        }

        if (options.RecentAttemptsKept is < 1 or > 1000)
        {
            failures.Add($"The setting {AlertOptions.SectionName}:{nameof(AlertOptions.RecentAttemptsKept)} is invalid: it must be between 1 and 1000.");
        }

        if (options.DashboardUrl is not { IsAbsoluteUri: true } || (options.DashboardUrl.Scheme != Uri.UriSchemeHttp && options.DashboardUrl.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"The setting {AlertOptions.SectionName}:{nameof(AlertOptions.DashboardUrl)} is invalid: it must be an absolute http or https URL.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"The setting {AlertOptions.SectionName}:{setting} is invalid: it must be a positive time span such as 00:05:00, not {value}.");
        }
    }
}
