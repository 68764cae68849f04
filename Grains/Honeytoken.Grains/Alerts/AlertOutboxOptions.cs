using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Alerts;

/// <summary>How the outbox sweep resumes alerts left unsent. Bound from <c>Honeytoken:Alerts:Outbox</c>.</summary>
public sealed class AlertOutboxOptions
{
    public const string SectionName = "Honeytoken:Alerts:Outbox";

    /// <summary>The time between two passes of the sweep on each silo. Default 1 minute.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How old an outbox row must be before the sweep takes it over. The normal path deletes
    /// the row within one dispatcher call, so the grace period keeps the sweep from repeating
    /// alerts that are still on their way. Default 2 minutes.
    /// </summary>
    public TimeSpan GracePeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The maximum number of outbox rows that one pass resumes. Default 100.</summary>
    public int BatchSize { get; set; } = 100;
}

/// <summary>Rejects outbox sweep options that would stop the sweep or make it race the normal path, naming the setting.</summary>
public sealed class AlertOutboxOptionsValidator : IValidateOptions<AlertOutboxOptions>
{
    public ValidateOptionsResult Validate(string? name, AlertOutboxOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.SweepInterval <= TimeSpan.Zero)
        {
            failures.Add($"The setting {AlertOutboxOptions.SectionName}:{nameof(AlertOutboxOptions.SweepInterval)} is invalid: it must be a positive time span such as 00:01:00, not {options.SweepInterval}.");
        }

        if (options.GracePeriod <= TimeSpan.Zero)
        {
            failures.Add($"The setting {AlertOutboxOptions.SectionName}:{nameof(AlertOutboxOptions.GracePeriod)} is invalid: it must be a positive time span such as 00:02:00, not {options.GracePeriod}.");
        }

        if (options.BatchSize is < 1 or > 10_000)
        {
            failures.Add($"The setting {AlertOutboxOptions.SectionName}:{nameof(AlertOutboxOptions.BatchSize)} is invalid: it must be between 1 and 10000, not {options.BatchSize}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
