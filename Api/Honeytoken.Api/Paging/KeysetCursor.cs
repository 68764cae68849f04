using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Honeytoken.Api.Paging;

/// <summary>
/// The position after the last row of a page: the sort value and <c>list_position</c> of that
/// row. The next page starts strictly after it, so rows inserted meanwhile never shift the
/// pages the way an offset would. No row present at the start is repeated or skipped, unless
/// its own sort value changes while the client pages.
/// </summary>
/// <remarks>
/// Clients see it as an opaque base64url string. It also records the ordering and a
/// fingerprint of the filters, so a cursor reused with another query is rejected instead of
/// silently returning the wrong rows.
/// </remarks>
public sealed record KeysetCursor(
    [property: JsonPropertyName("o")] string Ordering,
    [property: JsonPropertyName("v")] string? Value,
    [property: JsonPropertyName("p")] long Position,
    [property: JsonPropertyName("f")] string Filter)
{
    /// <summary>Maximum length of an encoded cursor; longer ones are rejected without decoding.</summary>
    public const int MaxEncodedLength = 2048;

    public string Encode() => Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(this));

    /// <summary>Decodes a cursor produced by <see cref="Encode"/>, or returns null when it is malformed.</summary>
    public static KeysetCursor? Decode(string encoded)
    {
        if (encoded.Length is 0 or > MaxEncodedLength)
        {
            return null;
        }

        try
        {
            var cursor = JsonSerializer.Deserialize<KeysetCursor>(Base64Url.DecodeFromChars(encoded));
            return cursor is { Ordering: not null, Filter: not null } ? cursor : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>Returns a short fingerprint of the filter values, for <see cref="Filter"/>.</summary>
    public static string Fingerprint(params string?[] filterValues)
    {
        var joined = string.Join('\u001f', filterValues.Select(value => value ?? ""));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(joined)).AsSpan(0, 8));
    }
}
