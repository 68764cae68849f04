using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Honeytoken.Grains.Alerts.Delivery;

/// <summary>
/// Signs webhook deliveries: <c>v1=</c> and the lowercase hex HMAC-SHA256, under the
/// destination's secret, of the timestamp header value, a period, and the raw body.
/// </summary>
public static class WebhookSignature
{
    /// <summary>Unix time in seconds when the request was signed.</summary>
    public const string TimestampHeader = "X-Honeytoken-Timestamp";

    /// <summary><c>v1=</c> followed by the hex signature.</summary>
    public const string SignatureHeader = "X-Honeytoken-Signature";

    /// <summary>The delivery id, the same on every retry of one message.</summary>
    public const string DeliveryHeader = "X-Honeytoken-Delivery";

    /// <summary>Returns the signature header value for <paramref name="body"/> sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, DateTimeOffset timestamp, ReadOnlySpan<byte> body) =>
        Sign(secret, timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), body);

    /// <summary>Returns the signature header value for the timestamp header value and body.</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentException.ThrowIfNullOrEmpty(timestamp);

        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));

        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return "v1=" + Convert.ToHexStringLower(mac);
    }
}
