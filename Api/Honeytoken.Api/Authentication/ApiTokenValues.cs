using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Honeytoken.Api.Authentication;

/// <summary>Generates API token values and computes the hash under which they are stored.</summary>
public static class ApiTokenValues
{
    /// <summary>
    /// The prefix of every generated value. It lets secret scanners and people recognise a
    /// leaked token of this service.
    /// </summary>
    public const string Prefix = "hto_";

    /// <summary>The longest value accepted in a header; longer ones are rejected without a lookup.</summary>
    public const int MaxLength = 256;

    /// <summary>The shortest value accepted from <c>HONEYTOKEN_BOOTSTRAP_TOKEN</c>, so that it cannot be guessed.</summary>
    public const int MinLength = 32;

    /// <summary>Returns a new value carrying 256 random bits.</summary>
    public static string Generate()
    {
        Span<byte> random = stackalloc byte[32];
        RandomNumberGenerator.Fill(random);
        return Prefix + Base64Url.EncodeToString(random);
    }

    /// <summary>
    /// Returns the SHA-256 of the value. A salted slow hash would add nothing because generated
    /// values carry 256 random bits, and one hash keeps each lookup a single index probe.
    /// </summary>
    public static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
