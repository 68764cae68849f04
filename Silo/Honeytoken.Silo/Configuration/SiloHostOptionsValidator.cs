using System.Net;
using Microsoft.Extensions.Options;

namespace Honeytoken.Silo.Configuration;

/// <summary>
/// Validates <see cref="SiloHostOptions"/> at start, naming each invalid setting and its fix.
/// </summary>
public sealed class SiloHostOptionsValidator : IValidateOptions<SiloHostOptions>
{
    private const string Section = SiloHostOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SiloHostOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        var failures = new List<string>();

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{Section}:ClusterId is empty. Set it to the cluster's name, or remove it to use 'honeytoken'.");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add($"{Section}:ServiceId is empty. Set it to the service's name, or remove it to use 'honeytoken'.");
        }

        CheckPort(failures, "SiloPort", options.SiloPort);
        CheckPort(failures, "GatewayPort", options.GatewayPort);
        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"{Section}:SiloPort and {Section}:GatewayPort are both {options.SiloPort}. Give them different ports.");
        }

        if (!IPAddress.TryParse(options.AdvertisedAddress, out _))
        {
            failures.Add($"{Section}:AdvertisedAddress '{options.AdvertisedAddress}' is not an IP address. Set it to the address other silos reach this one on, such as 127.0.0.1.");
        }

        if (string.IsNullOrWhiteSpace(options.SiloName))
        {
            failures.Add($"{Section}:SiloName is empty. Set a name, or remove it to use the host name.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckPort(List<string> failures, string key, int port)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{Section}:{key} is {port}. Set it to a TCP port between 1 and 65535.");
        }
    }
}
