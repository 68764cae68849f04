using System.Security.Cryptography;
using System.Text;
using Honeytoken.Grains.Storage;
using Microsoft.Extensions.Options;

namespace Honeytoken.Grains.Tests.Storage;

public sealed class SecretProtectorTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    [Fact]
    public void Unprotect_SamePurpose_ReturnsPlaintext()
    {
        var protector = NewProtector();

        var stored = protector.Protect("honeytoken.secret-key", Secret);

        Assert.Equal(Secret, protector.Unprotect("honeytoken.secret-key", stored));
        Assert.DoesNotContain(Secret, Encoding.UTF8.GetString(stored), StringComparison.Ordinal);
    }

    [Fact]
    public void Protect_SameValueTwice_DiffersEachTime()
    {
        var protector = NewProtector();

        Assert.NotEqual(protector.Protect("p", Secret), protector.Protect("p", Secret));
    }

    [Fact]
    public void Unprotect_OtherPurpose_Throws()
    {
        var protector = NewProtector();
        var stored = protector.Protect("honeytoken.secret-key", Secret);

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect("setup.webhook-key", stored));
    }

    [Fact]
    public void Unprotect_OtherKey_Throws()
    {
        var stored = NewProtector().Protect("p", Secret);

        Assert.ThrowsAny<CryptographicException>(() => NewProtector().Unprotect("p", stored));
    }

    [Fact]
    public void Unprotect_FlippedBit_Throws()
    {
        var protector = NewProtector();
        var stored = protector.Protect("p", Secret);
        stored[^1] ^= 0x01;

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect("p", stored));
    }

    [Fact]
    public void Unprotect_Truncated_Throws()
    {
        var protector = NewProtector();

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect("p", new byte[5]));
    }

    [Theory]
    [InlineData("", "missing")]
    [InlineData("not base64!", "invalid")]
    [InlineData("AAAA", "invalid")]
    public void Validator_BadKey_NamesSetting(string key, string expected)
    {
        var result = new SecretProtectionOptionsValidator().Validate(null, new SecretProtectionOptions { EncryptionKey = key });

        Assert.True(result.Failed);
        Assert.Contains("Honeytoken:Secrets:EncryptionKey", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    private static SecretProtector NewProtector() =>
        new(Options.Create(new SecretProtectionOptions { EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) }));
}
