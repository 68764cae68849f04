using System.Security.Cryptography;

namespace Honeytoken.AwsEmulator.State;

/// <summary>
/// Generates identifiers in the shapes AWS uses, so that clients and parsers that check
/// lengths and prefixes accept them.
/// </summary>
public static class AwsIds
{
    private const string Base32Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string SecretAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>
    /// Creates a 20-character access key id with the given prefix (<c>AKIA</c> or <c>ASIA</c>).
    /// Like AWS's current key ids, it encodes the account id, so GetAccessKeyInfo can
    /// decode the account from any key id: bits 1 to 40 of the 10 bytes behind the 16
    /// base32 characters hold the account number.
    /// </summary>
    public static string AccessKeyId(string prefix, string accountId)
    {
        var bytes = RandomNumberGenerator.GetBytes(10);
        var packed = (ulong.Parse(accountId, System.Globalization.CultureInfo.InvariantCulture) << 7) | (uint)(bytes[5] & 0x7F);
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(packed >> (8 * (5 - i)));
        }

        return prefix + Base32(bytes);
    }

    /// <summary>Decodes the account id from an access key id made by AWS after 2019 or by <see cref="AccessKeyId"/>.</summary>
    public static string? AccountOf(string accessKeyId)
    {
        if (accessKeyId.Length != 20)
        {
            return null;
        }

        ulong packed = 0;
        var bits = 0;
        var bytes = new List<byte>();
        foreach (var character in accessKeyId[4..])
        {
            var index = Base32Alphabet.IndexOf(character, StringComparison.Ordinal);
            if (index < 0)
            {
                return null;
            }

            packed = (packed << 5) | (uint)index;
            bits += 5;
            if (bits >= 8)
            {
                bytes.Add((byte)(packed >> (bits - 8)));
                bits -= 8;
            }
        }

        ulong value = 0;
        for (var i = 0; i < 6; i++)
        {
            value = (value << 8) | bytes[i];
        }

        return ((value & 0x7FFFFFFFFF80UL) >> 7).ToString("D12", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Creates a 40-character secret access key.</summary>
    public static string SecretAccessKey() => RandomNumberGenerator.GetString(SecretAlphabet, 40);

    /// <summary>Creates a unique id such as <c>AIDA</c> + 17 characters for users or <c>AROA</c> for roles.</summary>
    public static string UniqueId(string prefix) => prefix + RandomNumberGenerator.GetString(Base32Alphabet, 17);

    /// <summary>Creates a 12-digit account id that does not start with zero.</summary>
    public static string AccountId() =>
        RandomNumberGenerator.GetInt32(1, 10).ToString(System.Globalization.CultureInfo.InvariantCulture)
        + RandomNumberGenerator.GetString("0123456789", 11);

    /// <summary>Creates lower-case letters and digits, as in organization and request ids.</summary>
    public static string LowerAlphanumeric(int length) => RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz0123456789", length);

    /// <summary>Creates a session token that looks like STS's: long, base64, opaque.</summary>
    public static string SessionToken() => "IQoJb3JpZ2luX2Vj" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(240));

    private static string Base32(byte[] bytes)
    {
        var result = new System.Text.StringBuilder();
        var buffer = 0;
        var bits = 0;
        foreach (var value in bytes)
        {
            buffer = (buffer << 8) | value;
            bits += 8;
            while (bits >= 5)
            {
                result.Append(Base32Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        return result.ToString();
    }
}
