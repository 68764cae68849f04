using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Storage;

/// <summary>
/// Encrypts secrets (honeytoken secret keys, configured AWS credentials, webhook keys) before
/// they reach PostgreSQL, with AES-256-GCM under the configured key.
/// </summary>
/// <remarks>
/// The output is <c>version (1 byte) | nonce (12) | tag (16) | ciphertext</c>. The purpose,
/// such as <c>honeytoken.secret-key</c>, is bound in as associated data, so a value copied
/// from one column into another does not decrypt there. Each call draws a fresh random nonce;
/// with 96-bit nonces that stays safe far beyond the number of secrets this service stores.
/// </remarks>
public sealed class SecretProtector
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int HeaderSize = 1 + NonceSize + TagSize;

    private readonly byte[] _key;

    public SecretProtector(IOptions<SecretProtectionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _key = Convert.FromBase64String(options.Value.EncryptionKey);
        if (_key.Length != SecretProtectionOptions.KeySizeBytes)
        {
            throw new ArgumentException($"The encryption key must be {SecretProtectionOptions.KeySizeBytes} bytes.", nameof(options));
        }
    }

    public byte[] Protect(string purpose, string plaintext)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        ArgumentNullException.ThrowIfNull(plaintext);

        var plainBytes = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[HeaderSize + plainBytes.Length];
        output[0] = FormatVersion;

        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);

        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plainBytes, output.AsSpan(HeaderSize), output.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(purpose));

        CryptographicOperations.ZeroMemory(plainBytes);
        return output;
    }

    /// <summary>
    /// Decrypts a value made by <see cref="Protect"/> for the same purpose. Throws
    /// <see cref="CryptographicException"/> when the value was altered, made for another
    /// purpose, or encrypted under another key.
    /// </summary>
    public string Unprotect(string purpose, ReadOnlySpan<byte> protectedValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        if (protectedValue.Length < HeaderSize || protectedValue[0] != FormatVersion)
        {
            throw new CryptographicException("The protected value is truncated or in an unknown format.");
        }

        var plainBytes = new byte[protectedValue.Length - HeaderSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(
            protectedValue.Slice(1, NonceSize),
            protectedValue[HeaderSize..],
            protectedValue.Slice(1 + NonceSize, TagSize),
            plainBytes,
            Encoding.UTF8.GetBytes(purpose));

        return Encoding.UTF8.GetString(plainBytes);
    }
}
