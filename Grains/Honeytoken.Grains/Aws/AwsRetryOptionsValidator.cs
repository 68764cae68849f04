using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Aws;

/// <summary>Rejects retry settings outside their valid ranges, naming the setting.</summary>
public sealed class AwsRetryOptionsValidator : IValidateOptions<AwsRetryOptions>
{
    /// <summary>Largest accepted <see cref="AwsRetryOptions.MaxAttempts"/>, so that a call cannot retry for hours.</summary>
    public const int MaxAttemptsLimit = 20;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AwsRetryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        string section = AwsRetryOptions.SectionName;

        if (options.MaxAttempts is < 1 or > MaxAttemptsLimit)
        {
            failures.Add($"{section}:{nameof(AwsRetryOptions.MaxAttempts)} is {options.MaxAttempts}; set it between 1 and {MaxAttemptsLimit}.");
        }

        if (options.BaseDelay < TimeSpan.Zero)
        {
            failures.Add($"{section}:{nameof(AwsRetryOptions.BaseDelay)} is {options.BaseDelay}; set it to zero or a positive duration such as 00:00:00.200.");
        }

        if (options.MaxDelay < options.BaseDelay)
        {
            failures.Add($"{section}:{nameof(AwsRetryOptions.MaxDelay)} is {options.MaxDelay}, below {nameof(AwsRetryOptions.BaseDelay)} {options.BaseDelay}; set it to at least {nameof(AwsRetryOptions.BaseDelay)}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
