using System.Globalization;

namespace Honeytoken.Grains.Honeytokens;

/// <summary>
/// The limits on a honeytoken's name, description and custom tags. The grain enforces them;
/// the Api may check them first to reject bad input without a grain call. Errors name the field as the
/// REST API spells it, such as <c>custom_tags[2].key</c>.
/// </summary>
public static class HoneytokenFieldRules
{
    /// <summary>Maximum length of a name, in UTF-16 code units.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Maximum length of a description, in UTF-16 code units.</summary>
    public const int MaxDescriptionLength = 1000;

    /// <summary>Maximum number of custom tags on one token.</summary>
    public const int MaxTags = 50;

    /// <summary>Maximum length of a tag key.</summary>
    public const int MaxTagKeyLength = 128;

    /// <summary>Maximum length of a tag value.</summary>
    public const int MaxTagValueLength = 256;

    /// <summary>Checks the fields of a token being handed out; returns the first problem, or null.</summary>
    public static HoneytokenError? Validate(HoneytokenFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return ValidateName(fields.Name) ?? ValidateDescription(fields.Description) ?? ValidateTags(fields.CustomTags);
    }

    /// <summary>Checks the members that a patch sets; returns the first problem, or null.</summary>
    public static HoneytokenError? Validate(HoneytokenPatch patch)
    {
        ArgumentNullException.ThrowIfNull(patch);
        return (patch.Name is null ? null : ValidateName(patch.Name))
            ?? ValidateDescription(patch.Description)
            ?? (patch.CustomTags is null ? null : ValidateTags(patch.CustomTags));
    }

    private static HoneytokenError? ValidateName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Invalid("name", "is missing or blank. Give the honeytoken a name of 1 to 100 characters.");
        }

        if (name.Length > MaxNameLength)
        {
            return Invalid("name", $"is {name.Length} characters long; the maximum is {MaxNameLength}. Shorten it.");
        }

        if (name != name.Trim())
        {
            return Invalid("name", "starts or ends with white space. Remove it.");
        }

        return HasControlCharacter(name)
            ? Invalid("name", "contains a control character such as a line break. Use printable characters only.")
            : null;
    }

    private static HoneytokenError? ValidateDescription(string? description)
    {
        if (description is null)
        {
            return null;
        }

        return description.Length > MaxDescriptionLength
            ? Invalid("description", $"is {description.Length} characters long; the maximum is {MaxDescriptionLength}. Shorten it.")
            : null;
    }

    private static HoneytokenError? ValidateTags(IReadOnlyList<CustomTag>? tags)
    {
        if (tags is null)
        {
            return Invalid("custom_tags", "is null. Send an empty list for no tags.");
        }

        if (tags.Count > MaxTags)
        {
            return Invalid("custom_tags", $"has {tags.Count} tags; the maximum is {MaxTags}. Remove some.");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < tags.Count; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"custom_tags[{i}]");
            var tag = tags[i];
            if (tag is null)
            {
                return Invalid(field, "is null. Send an object with a key and a value.");
            }

            if (string.IsNullOrWhiteSpace(tag.Key) || tag.Key.Length > MaxTagKeyLength || HasControlCharacter(tag.Key))
            {
                return Invalid($"{field}.key", $"must be 1 to {MaxTagKeyLength} printable characters, not blank.");
            }

            if (tag.Value is null || tag.Value.Length > MaxTagValueLength || HasControlCharacter(tag.Value))
            {
                return Invalid($"{field}.value", $"must be 0 to {MaxTagValueLength} printable characters.");
            }

            if (!keys.Add(tag.Key))
            {
                return Invalid($"{field}.key", $"repeats the key '{tag.Key}'. A tag key takes one value; merge the values or drop one tag.");
            }
        }

        return null;
    }

    private static bool HasControlCharacter(string text) => text.Any(char.IsControl);

    private static HoneytokenError Invalid(string field, string rule) =>
        new(HoneytokenErrorKind.Invalid, $"{field} {rule}", field);
}
