using System.Globalization;

namespace Honeytoken.Grains.Aws.Iam;

/// <summary>Writes request members in the flattened form of the AWS query protocol.</summary>
internal sealed class IamQueryParameters(IDictionary<string, string> parameters)
{
    public void Add(string name, string? value)
    {
        if (value is not null)
        {
            parameters[name] = value;
        }
    }

    public void Add(string name, int? value)
    {
        if (value is not null)
        {
            parameters[name] = value.Value.ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Adds a tag list as <c>Tags.member.N.Key</c> and <c>Tags.member.N.Value</c>, N counting from 1.</summary>
    public void AddTags(string name, IReadOnlyList<IamTag>? tags)
    {
        if (tags is null)
        {
            return;
        }

        for (int index = 0; index < tags.Count; index++)
        {
            string prefix = string.Create(CultureInfo.InvariantCulture, $"{name}.member.{index + 1}");
            parameters[prefix + ".Key"] = tags[index].Key;
            parameters[prefix + ".Value"] = tags[index].Value;
        }
    }
}
