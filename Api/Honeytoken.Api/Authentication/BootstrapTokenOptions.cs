using Microsoft.Extensions.Options;

namespace Honeytoken.Api.Authentication;

/// <summary>Where the first admin token comes from.</summary>
public sealed class BootstrapTokenOptions
{
    /// <summary>The configuration key (and environment variable) of a fixed bootstrap token.</summary>
    public const string TokenKey = "HONEYTOKEN_BOOTSTRAP_TOKEN";

    /// <summary>The configuration section of <see cref="TokenFile"/>.</summary>
    public const string SectionName = "Honeytoken:Bootstrap";

    /// <summary>
    /// A bootstrap admin token chosen by the operator. When set, it is registered with every
    /// scope at start (unless it was revoked) and no token is generated.
    /// </summary>
    public string? Token { get; set; }

    /// <summary>
    /// The file that receives a generated bootstrap token, with mode 0600. A relative path is
    /// taken from the working directory. Default: <c>.data/admin-token</c>.
    /// </summary>
    public string TokenFile { get; set; } = ".data/admin-token";
}

/// <summary>Rejects a bootstrap token that is too short to be secret, and an empty file path.</summary>
public sealed class BootstrapTokenOptionsValidator : IValidateOptions<BootstrapTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, BootstrapTokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        if (options.Token is { Length: > 0 } token &&
            (token.Length < ApiTokenValues.MinLength || token.Length > ApiTokenValues.MaxLength || token.Any(char.IsWhiteSpace)))
        {
            // The value itself is a secret, so only its length is reported.
            return ValidateOptionsResult.Fail(
                $"The setting {BootstrapTokenOptions.TokenKey} is invalid: it is {token.Length} characters long and must be " +
                $"{ApiTokenValues.MinLength} to {ApiTokenValues.MaxLength} characters without spaces. Generate one with: openssl rand -hex 32");
        }

        if (string.IsNullOrWhiteSpace(options.TokenFile))
        {
            return ValidateOptionsResult.Fail(
                "The setting Honeytoken:Bootstrap:TokenFile is empty. Set it to the file that receives a generated admin token, such as .data/admin-token.");
        }

        return ValidateOptionsResult.Success;
    }
}
