using System.Globalization;
using System.Text.Json;

namespace Honeytoken.Grains.Aws.Organizations;

/// <summary>Reads members of Organizations JSON responses.</summary>
internal static class OrganizationsJson
{
    public static JsonElement? Member(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static string? Text(this JsonElement element, string name) => element.Member(name)?.GetString();

    public static string RequiredText(this JsonElement element, string name) =>
        element.Text(name) ?? throw new FormatException($"The Organizations response has no {name} member.");

    public static JsonElement RequiredObject(this JsonElement element, string name) =>
        element.Member(name) is { ValueKind: JsonValueKind.Object } value
            ? value
            : throw new FormatException($"The Organizations response has no {name} object.");

    /// <summary>
    /// Reads a timestamp. The JSON protocol sends epoch seconds as a number, possibly with a
    /// fraction. An ISO 8601 string is accepted too.
    /// </summary>
    public static DateTimeOffset? Timestamp(this JsonElement element, string name)
    {
        JsonElement? value = element.Member(name);
        return value?.ValueKind switch
        {
            JsonValueKind.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(value.Value.GetDouble() * 1000)),
            JsonValueKind.String => DateTimeOffset.Parse(value.Value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            _ => null,
        };
    }
}
