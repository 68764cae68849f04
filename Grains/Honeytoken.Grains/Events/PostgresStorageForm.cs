using System.Text;
using System.Text.Json;

namespace Honeytoken.Grains.Events;

/// <summary>
/// Converts values from AWS into forms that PostgreSQL stores without error.
/// </summary>
/// <remarks>
/// PostgreSQL rejects the NUL character in <c>text</c> and the escape <c>\u0000</c> in
/// <c>jsonb</c>, and <c>jsonb</c> also rejects escapes of unpaired UTF-16 surrogates. AWS
/// records can contain both, for example in an Athena query string. Instead of failing the
/// record, such escapes are turned into the literal six-character text <c>\u0000</c>, which
/// keeps the value readable and marks where the character was.
/// </remarks>
public static class PostgresStorageForm
{
    /// <summary>
    /// Returns <paramref name="value"/> with each NUL character replaced by the text <c>\u0000</c>.
    /// Returns the same instance when there is nothing to replace.
    /// </summary>
    public static string? ToText(string? value)
    {
        if (value is null || !value.Contains('\0', StringComparison.Ordinal))
        {
            return value;
        }

        return value.Replace("\0", "\\u0000", StringComparison.Ordinal);
    }

    /// <summary>
    /// Returns a JSON text that a <c>jsonb</c> column accepts. A complete value keeps its
    /// structure with unsupported escapes neutralised. A truncated value, which is no longer
    /// JSON, becomes <c>{"truncated":true,"originalBytes":N,"prefix":"…"}</c> with the kept
    /// text as a string.
    /// </summary>
    public static string ToJsonb(BoundedJson value)
    {
        ArgumentNullException.ThrowIfNull(value);

        if (value.IsTruncated)
        {
            return WrapTruncated(value);
        }

        return NeutraliseUnsupportedEscapes(value.Text);
    }

    /// <summary>Returns whether <paramref name="json"/> contains an escape that <c>jsonb</c> rejects.</summary>
    public static bool HasUnsupportedEscape(string json)
    {
        ArgumentNullException.ThrowIfNull(json);

        return !ReferenceEquals(NeutraliseUnsupportedEscapes(json), json);
    }

    private static string WrapTruncated(BoundedJson value)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteBoolean("truncated", true);
            writer.WriteNumber("originalBytes", value.OriginalByteLength);

            // The prefix is JSON text, so its backslashes are escaped here and its \u0000
            // escapes become harmless literal text.
            writer.WriteString("prefix", value.Text);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }

    /// <summary>
    /// Escapes the backslash of each <c>\u0000</c> escape and of each escape of an unpaired
    /// surrogate in the JSON text. Returns the same instance when there is none.
    /// </summary>
    private static string NeutraliseUnsupportedEscapes(string json)
    {
        if (!json.Contains("\\u", StringComparison.Ordinal))
        {
            return json;
        }

        StringBuilder? output = null;
        var copiedUpTo = 0;
        var i = 0;
        while (i < json.Length)
        {
            if (json[i] != '\\' || i + 1 >= json.Length)
            {
                i++;
                continue;
            }

            // Any escape other than \uXXXX is two characters. Skipping both keeps "\\u0000",
            // an escaped backslash followed by text, from being read as an escape.
            if (json[i + 1] != 'u' || !TryReadHex(json, i + 2, out var code))
            {
                i += 2;
                continue;
            }

            var character = (char)code;
            if (char.IsHighSurrogate(character) && TryReadEscapedCode(json, i + 6, out var next) && char.IsLowSurrogate((char)next))
            {
                // A valid surrogate pair: keep both escapes.
                i += 12;
                continue;
            }

            if (code == 0 || char.IsSurrogate(character))
            {
                output ??= new StringBuilder(json.Length + 16);
                output.Append(json, copiedUpTo, i - copiedUpTo).Append('\\');
                copiedUpTo = i;
            }

            i += 6;
        }

        if (output is null)
        {
            return json;
        }

        output.Append(json, copiedUpTo, json.Length - copiedUpTo);
        return output.ToString();
    }

    private static bool TryReadEscapedCode(string json, int index, out int code)
    {
        code = 0;
        return index + 1 < json.Length && json[index] == '\\' && json[index + 1] == 'u' && TryReadHex(json, index + 2, out code);
    }

    private static bool TryReadHex(string json, int index, out int code)
    {
        code = 0;
        if (index + 4 > json.Length)
        {
            return false;
        }

        for (var k = index; k < index + 4; k++)
        {
            if (!char.IsAsciiHexDigit(json[k]))
            {
                return false;
            }

            code = (code << 4) | HexValue(json[k]);
        }

        return true;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => c - 'A' + 10,
    };
}
