using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Aws;

/// <summary>Rejects endpoint settings that are not absolute http or https URLs, naming the setting.</summary>
public sealed partial class AwsEndpointOptionsValidator : IValidateOptions<AwsEndpointOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AwsEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();
        CheckEndpoint(failures, nameof(AwsEndpointOptions.Sts), options.Sts);
        CheckEndpoint(failures, nameof(AwsEndpointOptions.StsRegional), options.StsRegional);
        CheckEndpoint(failures, nameof(AwsEndpointOptions.Iam), options.Iam);
        CheckEndpoint(failures, nameof(AwsEndpointOptions.S3AccessPoint), options.S3AccessPoint);
        CheckEndpoint(failures, nameof(AwsEndpointOptions.Organizations), options.Organizations);

        if (options.S3Proxy is not null)
        {
            CheckEndpoint(failures, nameof(AwsEndpointOptions.S3Proxy), options.S3Proxy);
        }

        if (string.IsNullOrEmpty(options.LogRegion) || !RegionPattern().IsMatch(options.LogRegion))
        {
            failures.Add(
                $"{AwsEndpointOptions.SectionName}:{nameof(AwsEndpointOptions.LogRegion)} '{options.LogRegion}' is not an AWS region name; set it to a region such as us-west-2.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckEndpoint(List<string> failures, string settingName, Uri? value)
    {
        string setting = $"{AwsEndpointOptions.SectionName}:{settingName}";
        if (value is null)
        {
            failures.Add($"{setting} is missing; set it to an absolute http or https URL such as https://example.amazonaws.com.");
            return;
        }

        if (!value.IsAbsoluteUri || (value.Scheme != Uri.UriSchemeHttp && value.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{setting} '{value.OriginalString}' is invalid; set it to an absolute http or https URL such as https://example.amazonaws.com.");
            return;
        }

        if (!string.IsNullOrEmpty(value.Query) || !string.IsNullOrEmpty(value.Fragment))
        {
            failures.Add($"{setting} '{value.OriginalString}' has a query or fragment; set it to the scheme, host and port only.");
        }
    }

    [GeneratedRegex("^[a-z]{2}(-[a-z]+)+-[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RegionPattern();
}
