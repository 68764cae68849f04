using System.Net;
using System.Net.Sockets;
using Honeytoken.Api.Paging;
using Honeytoken.Grains.Honeytokens;

namespace Honeytoken.Api.Features.Honeytokens;

/// <summary>A tag filter: a key, and a value unless any value matches.</summary>
public sealed record TagFilter(string Key, string? Value);

/// <summary>The sort column and direction of a honeytoken list.</summary>
public sealed record HoneytokenOrdering(string Field, bool Descending)
{
    /// <summary>The default: newest first.</summary>
    public static HoneytokenOrdering Default { get; } = new("created_at", true);

    /// <summary>The fields a list can be ordered by, each also the name of its column.</summary>
    public static IReadOnlyList<string> Fields { get; } = ["created_at", "triggered_at", "revoked_at", "name"];

    public bool IsTimestamp => Field != "name";

    public override string ToString() => Descending ? "-" + Field : Field;
}

/// <summary>
/// The validated query string of <c>GET /v1/honeytokens</c>. <see cref="TryParse"/> names
/// the first invalid parameter and how to fix it.
/// </summary>
public sealed record HoneytokenListQuery(
    IReadOnlyList<string> Statuses,
    string? Search,
    IReadOnlyList<TagFilter> Tags,
    string? IpAddress,
    HoneytokenOrdering Ordering,
    int PageSize,
    KeysetCursor? Cursor,
    bool ShowToken)
{
    /// <summary>Maximum length of <c>search</c>.</summary>
    public const int MaxSearchLength = 255;

    /// <summary>Maximum number of tag filters in one request.</summary>
    public const int MaxTagFilters = 20;

    /// <summary>The fingerprint of the filters and ordering, stored in cursors.</summary>
    public string Fingerprint => KeysetCursor.Fingerprint(
        string.Join(',', Statuses),
        Search,
        string.Join(',', Tags.Select(tag => $"{tag.Key}:{tag.Value}")),
        IpAddress,
        Ordering.ToString());

    public static bool TryParse(IQueryCollection query, out HoneytokenListQuery parsed, out (string Field, string Message) error)
    {
        ArgumentNullException.ThrowIfNull(query);
        parsed = null!;

        if (!TryParseStatuses(query["status"], out var statuses, out error) ||
            !TryParseTags(query["tags"], out var tags, out error) ||
            !TryParseIpAddress(query["ip_address"], out var ipAddress, out error) ||
            !TryParseOrdering(query["ordering"], out var ordering, out error) ||
            !TryParseBoolean("show_token", query["show_token"], out var showToken, out error))
        {
            return false;
        }

        var search = query["search"].ToString();
        if (search.Length > MaxSearchLength)
        {
            error = ("search", $"is {search.Length} characters long; the maximum is {MaxSearchLength}. Search for a shorter part of the name or description.");
            return false;
        }

        var pageSize = PageLinks.ParsePageSize(query["per_page"], out var pageSizeError);
        if (pageSize is null)
        {
            error = ("per_page", pageSizeError!);
            return false;
        }

        parsed = new HoneytokenListQuery(statuses, search.Length == 0 ? null : search, tags, ipAddress, ordering, pageSize.Value, null, showToken);

        var cursorText = query["cursor"].ToString();
        if (cursorText.Length > 0)
        {
            var cursor = KeysetCursor.Decode(cursorText);
            if (cursor is null || cursor.Ordering != ordering.ToString() || cursor.Filter != parsed.Fingerprint ||
                (cursor.Value is not null && ordering.IsTimestamp && !long.TryParse(cursor.Value, out _)))
            {
                error = ("cursor", "is not a cursor of this query. Use the URL of the Link header unchanged, or start again without a cursor.");
                return false;
            }

            parsed = parsed with { Cursor = cursor };
        }

        error = default;
        return true;
    }

    /// <summary>Parses a <c>true</c>/<c>false</c> flag; absent means false.</summary>
    public static bool TryParseBoolean(string field, string? text, out bool value, out (string Field, string Message) error)
    {
        error = default;
        value = false;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!bool.TryParse(text, out value))
        {
            error = (field, $"is '{text}'; use true or false.");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Parses an IPv4 or IPv6 address filter into its canonical text. An IPv4 address must be
    /// four decimal parts, because <see cref="IPAddress.TryParse(string?, out IPAddress?)"/> also
    /// accepts the shorthand forms of inet_aton, such as "1.2.3" for 1.2.0.3 or a part with a
    /// leading zero, which inet_aton reads as octal. Either would silently filter on another address.
    /// </summary>
    public static bool TryParseIpAddress(string? text, out string? value, out (string Field, string Message) error)
    {
        error = default;
        value = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!IPAddress.TryParse(text, out var address))
        {
            error = ("ip_address", $"is '{text}', which is not an IP address. Give one IPv4 or IPv6 address, such as 203.0.113.7.");
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork && !string.Equals(address.ToString(), text, StringComparison.Ordinal))
        {
            error = ("ip_address", $"is '{text}', which is not an IPv4 address in dotted-decimal form. Give four decimal numbers from 0 to 255 without leading zeros, such as 203.0.113.7.");
            return false;
        }

        value = address.ToString();
        return true;
    }

    private static bool TryParseStatuses(string? text, out IReadOnlyList<string> statuses, out (string Field, string Message) error)
    {
        error = default;
        statuses = HoneytokenStatus.All;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var requested = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = requested.FirstOrDefault(status => !HoneytokenStatus.All.Contains(status));
        if (unknown is not null || requested.Length == 0)
        {
            error = ("status", $"contains '{unknown ?? text}', which is not a status. Use one or more of {string.Join(", ", HoneytokenStatus.All)}, separated by commas.");
            return false;
        }

        statuses = [.. requested.Distinct().Order(StringComparer.Ordinal)];
        return true;
    }

    private static bool TryParseTags(Microsoft.Extensions.Primitives.StringValues values, out IReadOnlyList<TagFilter> tags, out (string Field, string Message) error)
    {
        error = default;
        var filters = new List<TagFilter>();
        tags = filters;

        // NOTE: the first colon separates key and value, so a tag whose key contains a colon
        // can be matched by key alone but not by key and value.
        foreach (var item in values.SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)))
        {
            var separator = item.IndexOf(':', StringComparison.Ordinal);
            var key = separator < 0 ? item : item[..separator];
            var value = separator < 0 ? null : item[(separator + 1)..];

            if (key.Length is 0 or > HoneytokenFieldRules.MaxTagKeyLength || (value?.Length ?? 0) > HoneytokenFieldRules.MaxTagValueLength ||
                item.Any(char.IsControl))
            {
                error = ("tags", $"contains '{item}', which is not a valid tag filter. Write key or key:value, separated by commas, " +
                    $"with a key of 1 to {HoneytokenFieldRules.MaxTagKeyLength} characters and a value of at most {HoneytokenFieldRules.MaxTagValueLength}.");
                return false;
            }

            filters.Add(new TagFilter(key, value));
        }

        if (filters.Count > MaxTagFilters)
        {
            error = ("tags", $"has {filters.Count} filters; the maximum is {MaxTagFilters}.");
            return false;
        }

        filters.Sort((left, right) => string.CompareOrdinal($"{left.Key}:{left.Value}", $"{right.Key}:{right.Value}"));
        return true;
    }

    private static bool TryParseOrdering(string? text, out HoneytokenOrdering ordering, out (string Field, string Message) error)
    {
        error = default;
        ordering = HoneytokenOrdering.Default;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        var descending = text.StartsWith('-');
        var field = descending ? text[1..] : text;
        if (!HoneytokenOrdering.Fields.Contains(field))
        {
            error = ("ordering", $"is '{text}'; order by one of {string.Join(", ", HoneytokenOrdering.Fields)}, with a leading - for descending order.");
            return false;
        }

        ordering = new HoneytokenOrdering(field, descending);
        return true;
    }
}
