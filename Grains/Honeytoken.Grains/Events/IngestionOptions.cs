using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Events;

/// <summary>Schedules and limits of event ingestion. Bound from the <c>Ingestion</c> section.</summary>
public sealed class IngestionOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Ingestion";

    /// <summary>
    /// Period of the reminder that resumes an unfinished log file, for example after its silo
    /// died. Default 1 minute, the smallest reminder period Orleans allows by default.
    /// </summary>
    public TimeSpan LogFileRetryPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Period of the catch-up listing of the log prefix. Default 5 minutes, about CloudTrail's delivery interval.</summary>
    public TimeSpan CatchUpPeriod { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How far back every catch-up run lists. A run lists the day folders of each account and
    /// region from the UTC date this long ago up to today. Default 1 day, so every run covers
    /// yesterday and today. Older folders are covered by the full listing only.
    /// </summary>
    public TimeSpan CatchUpLookback { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// Every this many catch-up runs, a run also goes on with the full listing of the whole
    /// prefix, up to <c>LogCatchUpGrain.MaxPagesPerRun</c> pages from where the previous one
    /// stopped. Default 12 (hourly with the default period).
    /// </summary>
    public int CatchUpFullListingEvery { get; set; } = 12;

    /// <summary>Period of the unlogged-use sweep. Default 1 hour.</summary>
    public TimeSpan UnloggedUseSweepPeriod { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// How long a use that IAM reports may wait for its CloudTrail record before the sweep
    /// records it as unlogged. Default 30 minutes, an estimate: twice the 15 minutes within which CloudTrail usually delivers.
    /// </summary>
    public TimeSpan UnloggedUseAllowance { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How long the silo keeps the installation's configuration before reading it again. Default 10 seconds.</summary>
    public TimeSpan ConfigurationCacheDuration { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Rejects ingestion settings that would stop a channel, naming the setting and the fix.</summary>
public sealed class IngestionOptionsValidator : IValidateOptions<IngestionOptions>
{
    public ValidateOptionsResult Validate(string? name, IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var errors = new List<string>();
        if (options.LogFileRetryPeriod <= TimeSpan.Zero)
        {
            errors.Add($"Ingestion:LogFileRetryPeriod is {options.LogFileRetryPeriod}; set a positive period such as 00:01:00.");
        }

        if (options.CatchUpPeriod <= TimeSpan.Zero)
        {
            errors.Add($"Ingestion:CatchUpPeriod is {options.CatchUpPeriod}; set a positive period such as 00:05:00.");
        }

        if (options.CatchUpLookback < TimeSpan.Zero)
        {
            errors.Add($"Ingestion:CatchUpLookback is {options.CatchUpLookback}; set 0 or more, such as 1.00:00:00.");
        }

        if (options.CatchUpFullListingEvery < 1)
        {
            errors.Add($"Ingestion:CatchUpFullListingEvery is {options.CatchUpFullListingEvery}; set 1 or more.");
        }

        if (options.UnloggedUseSweepPeriod <= TimeSpan.Zero)
        {
            errors.Add($"Ingestion:UnloggedUseSweepPeriod is {options.UnloggedUseSweepPeriod}; set a positive period such as 01:00:00.");
        }

        if (options.UnloggedUseAllowance < TimeSpan.Zero)
        {
            errors.Add($"Ingestion:UnloggedUseAllowance is {options.UnloggedUseAllowance}; set 0 or more.");
        }

        if (options.ConfigurationCacheDuration < TimeSpan.Zero)
        {
            errors.Add($"Ingestion:ConfigurationCacheDuration is {options.ConfigurationCacheDuration}; set 0 or more.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
