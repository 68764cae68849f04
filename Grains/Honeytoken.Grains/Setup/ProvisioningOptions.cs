using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Setup;

/// <summary>How fast and how hard provisioning works. Bound from the <c>Honeytoken:Provisioning</c> section.</summary>
public sealed class ProvisioningOptions
{
    public const string SectionName = "Honeytoken:Provisioning";

    /// <summary>
    /// Keys created at the same time. IAM throttles an account at a few requests per second,
    /// and each key costs three to four requests. Default: 8.
    /// </summary>
    public int MaxConcurrentKeys { get; set; } = 8;

    /// <summary>Pause between two steps of the state machine while it has work. Default: 250 ms.</summary>
    public TimeSpan StepInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Period of the reminder that restarts provisioning on another silo after a crash. Orleans
    /// rejects periods under its <c>ReminderOptions.MinimumReminderPeriod</c> (one minute by default). Default: 1 minute.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Wait between two DescribeCreateAccountStatus calls for one account. Default: 5 seconds.</summary>
    public TimeSpan AccountPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Wait before retrying a step that failed with an error a retry may fix. Default: 5 seconds.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Provisioning calls of one token that may fail before the token is marked failed. Default: 5.</summary>
    public int MaxKeyAttempts { get; set; } = 5;

    /// <summary>Time that one honeytoken grain gives AWS to revoke its key while the caller waits; the rest runs from a reminder. Default: 15 seconds.</summary>
    public TimeSpan InlineRevokeTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often the key pool looks for keys that are pooled in their rows but missing from the
    /// pool, because a create took them and then failed before handing them out. Default: 5 minutes.
    /// </summary>
    public TimeSpan PoolReclaimInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Age of a take before the key pool may put its key back. It must exceed the longest create
    /// call, so that no key is handed out again while a create still uses it. After an activation the
    /// pool does not know its earlier takes, so it waits this long before its first reclaim. Default: 10 minutes.
    /// </summary>
    public TimeSpan PoolReclaimGracePeriod { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Rejects settings that would stall or flood provisioning, naming the setting.</summary>
public sealed class ProvisioningOptionsValidator : IValidateOptions<ProvisioningOptions>
{
    public ValidateOptionsResult Validate(string? name, ProvisioningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        if (options.MaxConcurrentKeys is < 1 or > 64)
        {
            failures.Add($"{ProvisioningOptions.SectionName}:MaxConcurrentKeys is {options.MaxConcurrentKeys}; set it between 1 and 64.");
        }

        CheckPositive(failures, nameof(options.StepInterval), options.StepInterval);
        CheckPositive(failures, nameof(options.ReminderPeriod), options.ReminderPeriod);
        CheckPositive(failures, nameof(options.AccountPollInterval), options.AccountPollInterval);
        CheckPositive(failures, nameof(options.RetryDelay), options.RetryDelay);
        CheckPositive(failures, nameof(options.InlineRevokeTimeout), options.InlineRevokeTimeout);
        CheckPositive(failures, nameof(options.PoolReclaimInterval), options.PoolReclaimInterval);
        CheckPositive(failures, nameof(options.PoolReclaimGracePeriod), options.PoolReclaimGracePeriod);

        if (options.MaxKeyAttempts is < 1 or > 100)
        {
            failures.Add($"{ProvisioningOptions.SectionName}:MaxKeyAttempts is {options.MaxKeyAttempts}; set it between 1 and 100.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPositive(List<string> failures, string setting, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{ProvisioningOptions.SectionName}:{setting} is {value}; set a positive duration such as 00:00:05.");
        }
    }
}
