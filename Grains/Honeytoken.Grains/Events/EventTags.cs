namespace Honeytoken.Grains.Events;

/// <summary>The tags stored on honeytoken events.</summary>
public static class EventTags
{
    /// <summary>The call came from an AWS service or from "AWS Internal", not from a person's address.</summary>
    public const string AwsInternal = "aws-internal";

    /// <summary>
    /// AWS attached its compromised-key quarantine policy to the token's user, which means AWS
    /// found the key in a public place.
    /// </summary>
    public const string AwsQuarantine = "aws-quarantine";

    /// <summary>The user agent is a known secret scanner, which checks whether found keys work.</summary>
    public const string SecretScanner = "secret-scanner";

    /// <summary>The prefix of the tag that names the user agent's tool family, such as <c>tool:aws-cli</c>.</summary>
    public const string ToolPrefix = "tool:";
}
