using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Encodings.Web;

namespace Honeytoken.Api.Features.Dashboard;

/// <summary>
/// A piece of HTML that is safe to write as it is. Pages are built with <see cref="Html.Render"/>,
/// whose interpolation holes are HTML-encoded unless they are themselves a <see cref="HtmlFragment"/>,
/// so attacker-controlled strings (user agents, request parameters, names) can only ever become text.
/// </summary>
public sealed class HtmlFragment(string html)
{
    public static HtmlFragment Empty { get; } = new("");

    public override string ToString() => html;
}

/// <summary>Builds HTML from interpolated strings that encode every value by default.</summary>
public static class Html
{
    /// <summary>Renders the template, encoding each hole that is not already HTML.</summary>
    public static HtmlFragment Render(HtmlTemplateHandler template) => template.ToFragment();

    /// <summary>Concatenates fragments, such as the rows of a table.</summary>
    public static HtmlFragment Join(IEnumerable<HtmlFragment> fragments) => new(string.Concat(fragments.Select(fragment => fragment.ToString())));

    /// <summary>Returns the fragment when the condition holds, else nothing.</summary>
    public static HtmlFragment If(bool condition, HtmlFragment fragment) => condition ? fragment : HtmlFragment.Empty;

    /// <summary>Formats a time as UTC in ISO 8601, which reads the same in every locale.</summary>
    public static string Time(DateTimeOffset? time) =>
        time is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "—";
}

/// <summary>The interpolated string handler behind <see cref="Html.Render"/>.</summary>
[InterpolatedStringHandler]
public ref struct HtmlTemplateHandler
{
    private readonly StringBuilder builder;

    public HtmlTemplateHandler(int literalLength, int formattedCount)
    {
        builder = new StringBuilder(literalLength + (formattedCount * 16));
    }

    public readonly void AppendLiteral(string literal) => builder.Append(literal);

    public readonly void AppendFormatted(HtmlFragment? fragment) => builder.Append(fragment?.ToString());

    public readonly void AppendFormatted<T>(T value)
    {
        var text = value switch
        {
            null => "",
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };

        // HtmlEncoder.Default also encodes quotes, so a value is safe inside a quoted attribute.
        builder.Append(HtmlEncoder.Default.Encode(text));
    }

    internal readonly HtmlFragment ToFragment() => new(builder.ToString());
}
