using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Storage;

/// <summary>The key that encrypts secrets at rest. Bound from the <c>Honeytoken:Secrets</c> section.</summary>
public sealed class SecretProtectionOptions
{
    public const string SectionName = "Honeytoken:Secrets";

    /// <summary>Size of the AES-256 key in bytes.</summary>
    public const int KeySizeBytes = 32;

    /// <summary>
    /// The AES-256 key, base64-encoded (32 random bytes; generate one with
    /// <c>openssl rand -base64 32</c>). Required. Losing it makes every stored secret unreadable.
    /// </summary>
    public string EncryptionKey { get; set; } = "";
}

/// <summary>Rejects a missing or malformed key at start, naming the setting.</summary>
public sealed class SecretProtectionOptionsValidator : IValidateOptions<SecretProtectionOptions>
{
    private const string Setting = "Honeytoken:Secrets:EncryptionKey (environment variable Honeytoken__Secrets__EncryptionKey)";

    public ValidateOptionsResult Validate(string? name, SecretProtectionOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.EncryptionKey))
        {
            return ValidateOptionsResult.Fail($"The setting {Setting} is missing. Set it to 32 random bytes in base64, for example the output of: openssl rand -base64 32");
        }

        var bytes = new byte[SecretProtectionOptions.KeySizeBytes + 1];
        if (!Convert.TryFromBase64String(options.EncryptionKey, bytes, out var written) || written != SecretProtectionOptions.KeySizeBytes)
        {
            return ValidateOptionsResult.Fail($"The setting {Setting} is invalid: it must be exactly {SecretProtectionOptions.KeySizeBytes} bytes in base64. Generate one with: openssl rand -base64 32");
        }

        return ValidateOptionsResult.Success;
    }
}
