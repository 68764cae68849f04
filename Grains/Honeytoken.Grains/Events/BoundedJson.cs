using System.Text;

namespace Honeytoken.Grains.Events;

/// <summary>
/// A JSON value copied verbatim from a CloudTrail record and cut to a maximum size for storage.
/// </summary>
/// <param name="Text">The JSON text, or its first bytes when <see cref="IsTruncated"/> is set.</param>
/// <param name="IsTruncated">Whether the value was longer than the limit. A truncated text is not valid JSON.</param>
/// <param name="OriginalByteLength">The length of the complete value in UTF-8 bytes.</param>
public sealed record BoundedJson(string Text, bool IsTruncated, int OriginalByteLength)
{
    /// <summary>The value of a record parsed without its raw JSON: an empty text of length 0.</summary>
    public static BoundedJson NotCaptured { get; } = new(string.Empty, IsTruncated: false, 0);

    /// <summary>
    /// Copies a UTF-8 JSON value, cutting it at <paramref name="maxBytes"/> on a character boundary.
    /// </summary>
    public static BoundedJson FromUtf8(ReadOnlySpan<byte> json, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);

        if (json.Length <= maxBytes)
        {
            return new BoundedJson(Encoding.UTF8.GetString(json), IsTruncated: false, json.Length);
        }

        // Back off to the first byte of a UTF-8 sequence so the cut never splits a character.
        var cut = maxBytes;
        while (cut > 0 && (json[cut] & 0xC0) == 0x80)
        {
            cut--;
        }

        return new BoundedJson(Encoding.UTF8.GetString(json[..cut]), IsTruncated: true, json.Length);
    }
}
