namespace Honeytoken.Grains.Events;

/// <summary>Computes the tags of a honeytoken event from its CloudTrail record.</summary>
public static class EventTagger
{
    /// <summary>
    /// Returns the tags of <paramref name="record"/>: <see cref="EventTags.AwsInternal"/>,
    /// <see cref="EventTags.AwsQuarantine"/>, <see cref="EventTags.SecretScanner"/> and the
    /// <c>tool:</c> tag of the user agent, each when it applies.
    /// </summary>
    public static IReadOnlyList<string> GetTags(CloudTrailRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);

        var tags = new List<string>(capacity: 3);
        if (IsAwsInternal(record))
        {
            tags.Add(EventTags.AwsInternal);
        }

        if (IsAwsQuarantine(record))
        {
            tags.Add(EventTags.AwsQuarantine);
        }

        if (UserAgentClassifier.IsSecretScanner(record.UserAgent))
        {
            tags.Add(EventTags.SecretScanner);
        }

        var family = UserAgentClassifier.GetToolFamily(record.UserAgent);
        if (family is not null)
        {
            tags.Add(EventTags.ToolPrefix + family);
        }

        return tags;
    }

    /// <summary>
    /// Returns whether the call came from AWS itself: the source address or the invoking
    /// service is an AWS service name or "AWS Internal", or the user agent is AWS's internal one.
    /// The console (<c>signin.amazonaws.com</c>, <c>console.amazonaws.com</c>) acts for a person
    /// and does not count.
    /// </summary>
    public static bool IsAwsInternal(CloudTrailRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);

        return IsAwsServiceName(record.SourceIpAddress)
            || IsAwsServiceName(record.UserIdentity?.InvokedBy)
            || string.Equals(record.UserAgent, "AWS Internal", StringComparison.OrdinalIgnoreCase)
            || (record.UserAgent?.StartsWith("aws-internal/", StringComparison.OrdinalIgnoreCase) ?? false);
    }

    /// <summary>
    /// Returns whether the record is AWS attaching its compromised-key quarantine policy
    /// (<c>AWSCompromisedKeyQuarantine</c>, any version) to a user.
    /// </summary>
    public static bool IsAwsQuarantine(CloudTrailRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);

        return string.Equals(record.EventSource, "iam.amazonaws.com", StringComparison.Ordinal)
            && record.EventName is "PutUserPolicy" or "AttachUserPolicy"
            && record.RequestParameters is { } parameters
            && parameters.Text.Contains("AWSCompromisedKeyQuarantine", StringComparison.Ordinal);
    }

    private static bool IsAwsServiceName(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (value.Equals("AWS Internal", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return value.EndsWith(".amazonaws.com", StringComparison.OrdinalIgnoreCase)
            && !value.Equals("signin.amazonaws.com", StringComparison.OrdinalIgnoreCase)
            && !value.Equals("console.amazonaws.com", StringComparison.OrdinalIgnoreCase);
    }
}
