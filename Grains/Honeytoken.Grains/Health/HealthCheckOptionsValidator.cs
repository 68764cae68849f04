using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Health;

/// <summary>Rejects health-check settings that cannot work, naming the setting and the fix.</summary>
public sealed class HealthCheckOptionsValidator : IValidateOptions<HealthCheckOptions>
{
    public ValidateOptionsResult Validate(string? name, HealthCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var section = HealthCheckOptions.SectionName;
        var errors = new List<string>();
        foreach (var (setting, value) in new[]
        {
            (nameof(options.ReceptionPeriod), options.ReceptionPeriod),
            (nameof(options.RealTimeDegradedAfter), options.RealTimeDegradedAfter),
            (nameof(options.LogFileDegradedAfter), options.LogFileDegradedAfter),
            (nameof(options.NodeCheckPeriod), options.NodeCheckPeriod),
            (nameof(options.NodeCheckTimeout), options.NodeCheckTimeout),
            (nameof(options.ClockSkewDegradedAfter), options.ClockSkewDegradedAfter),
        })
        {
            if (value <= TimeSpan.Zero)
            {
                errors.Add($"{section}:{setting} is {value}; set a positive time span such as 00:10:00.");
            }
        }

        AddOrderError(errors, nameof(options.RealTimeDegradedAfter), options.RealTimeDegradedAfter, nameof(options.RealTimeFailingAfter), options.RealTimeFailingAfter);
        AddOrderError(errors, nameof(options.LogFileDegradedAfter), options.LogFileDegradedAfter, nameof(options.LogFileFailingAfter), options.LogFileFailingAfter);
        AddOrderError(errors, nameof(options.ClockSkewDegradedAfter), options.ClockSkewDegradedAfter, nameof(options.ClockSkewFailingAfter), options.ClockSkewFailingAfter);

        if (options.HistoryLength is < 1 or > 1000)
        {
            errors.Add($"{section}:{nameof(options.HistoryLength)} is {options.HistoryLength}; set a number of runs from 1 to 1000.");
        }

        if (string.IsNullOrWhiteSpace(options.ProbeUserName) || options.ProbeUserName.Length > 64)
        {
            errors.Add($"{section}:{nameof(options.ProbeUserName)} is invalid; set an IAM user name of 1 to 64 characters.");
        }

        if (!options.IamPath.StartsWith('/') || !options.IamPath.EndsWith('/'))
        {
            errors.Add($"{section}:{nameof(options.IamPath)} '{options.IamPath}' is invalid; an IAM path starts and ends with '/'.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static void AddOrderError(List<string> errors, string lowerName, TimeSpan lower, string upperName, TimeSpan upper)
    {
        if (upper <= lower)
        {
            errors.Add($"{HealthCheckOptions.SectionName}:{upperName} ({upper}) must be longer than {lowerName} ({lower}).");
        }
    }
}
