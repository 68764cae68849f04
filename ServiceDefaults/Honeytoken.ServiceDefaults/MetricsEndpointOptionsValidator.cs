using System.Net;
using Microsoft.Extensions.Options;

namespace Honeytoken.ServiceDefaults;

/// <summary>
/// Validates <see cref="MetricsEndpointOptions"/> at start, naming each invalid setting and its fix.
/// </summary>
public sealed class MetricsEndpointOptionsValidator : IValidateOptions<MetricsEndpointOptions>
{
    private const string Section = MetricsEndpointOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MetricsEndpointOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();

        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"{Section}:Port is {options.Port}. Set it to a TCP port between 1 and 65535 (Prometheus exporters use {MetricsEndpointOptions.ConventionalPort}), or to 0 to serve no metrics endpoint.");
        }

        if (!IPAddress.TryParse(options.Address, out _))
        {
            failures.Add($"{Section}:Address '{options.Address}' is not an IP address. Set it to 127.0.0.1, or to 0.0.0.0 to listen on every interface.");
        }

        if (!IsValidPath(options.Path))
        {
            failures.Add($"{Section}:Path '{options.Path}' is not a URL path. Set it to a path that starts with '/' and has no query, fragment or spaces, such as /metrics.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsValidPath(string? path) =>
        path is { Length: > 1 }
        && path[0] == '/'
        && !path.Any(character => char.IsWhiteSpace(character) || character is '?' or '#' or '%')
        && Uri.IsWellFormedUriString(path, UriKind.Relative);
}
