using System.Globalization;
using System.Xml.Linq;

namespace Honeytoken.Grains.Aws.Iam;

/// <summary>
/// Reads IAM response elements by local name, so that a response parses whatever XML namespace it
/// declares (IAM declares https://iam.amazonaws.com/doc/2010-05-08/).
/// </summary>
internal static class IamXml
{
    public static XElement? Child(this XElement? element, string localName) =>
        element?.Elements().FirstOrDefault(child => child.Name.LocalName == localName);

    public static IEnumerable<XElement> Members(this XElement? element, string listName) =>
        element.Child(listName)?.Elements().Where(child => child.Name.LocalName == "member") ?? [];

    public static string? Text(this XElement? element, string localName) => element.Child(localName)?.Value;

    public static string RequiredText(this XElement? element, string localName) =>
        element.Text(localName) ?? throw new FormatException($"The IAM response has no {localName} element.");

    public static DateTimeOffset? Timestamp(this XElement? element, string localName)
    {
        string? text = element.Text(localName);
        return text is null
            ? null
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    public static bool Boolean(this XElement? element, string localName) =>
        string.Equals(element.Text(localName), "true", StringComparison.OrdinalIgnoreCase);

    public static IReadOnlyList<IamTag> Tags(this XElement? element) =>
        element.Members("Tags").Select(tag => new IamTag(tag.RequiredText("Key"), tag.Text("Value") ?? string.Empty)).ToList();
}
