using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Events.Channels.LogFiles;

/// <summary>Validates <see cref="SnsVerificationOptions"/> at start.</summary>
public sealed class SnsVerificationOptionsValidator : IValidateOptions<SnsVerificationOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SnsVerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        if (!options.TopicArn.StartsWith("arn:", StringComparison.Ordinal) || !options.TopicArn.Contains(":sns:", StringComparison.Ordinal))
        {
            failures.Add($"{SnsVerificationOptions.SectionName}:{nameof(options.TopicArn)} must be the ARN of the SNS topic that announces CloudTrail log files, such as arn:aws:sns:us-east-1:111122223333:cloudtrail-logs; got '{options.TopicArn}'.");
        }

        if (options.MaxMessageAge <= TimeSpan.Zero)
        {
            failures.Add($"{SnsVerificationOptions.SectionName}:{nameof(options.MaxMessageAge)} must be positive, such as 01:00:00; got {options.MaxMessageAge}.");
        }

        if (!options.AllowAwsSnsHosts && options.AllowedCertificateHosts.Count == 0)
        {
            failures.Add($"{SnsVerificationOptions.SectionName}:{nameof(options.AllowedCertificateHosts)} is empty and {nameof(options.AllowAwsSnsHosts)} is false, so no message could be verified. Set {nameof(options.AllowAwsSnsHosts)} to true or list the emulator's host.");
        }

        foreach (var host in options.AllowedCertificateHosts)
        {
            if (string.IsNullOrWhiteSpace(host) || host.Contains('/', StringComparison.Ordinal))
            {
                failures.Add($"{SnsVerificationOptions.SectionName}:{nameof(options.AllowedCertificateHosts)} entries must be a host or host:port without a scheme or path; got '{host}'.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
