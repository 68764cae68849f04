using System.Net;
using Microsoft.Extensions.Options;

namespace Honeytoken.Silo.Health;

/// <summary>
/// Validates <see cref="SiloHealthOptions"/> at start, naming each invalid setting and its fix.
/// </summary>
public sealed class SiloHealthOptionsValidator : IValidateOptions<SiloHealthOptions>
{
    private const string Section = SiloHealthOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SiloHealthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();

        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"{Section}:Port is {options.Port}. Set it to a TCP port between 1 and 65535, or to 0 to serve no health endpoint.");
        }

        if (!IPAddress.TryParse(options.Address, out _))
        {
            failures.Add($"{Section}:Address '{options.Address}' is not an IP address. Set it to 127.0.0.1, or to 0.0.0.0 to listen on every interface.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
