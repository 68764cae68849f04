namespace Honeytoken.AwsEmulator.State;

/// <summary>An IAM user.</summary>
public sealed class IamUserState
{
    public required string UserName { get; set; }

    /// <summary>Unique id starting with <c>AIDA</c>.</summary>
    public required string UserId { get; set; }

    public required string AccountId { get; set; }

    public string Path { get; set; } = "/";

    public DateTimeOffset CreatedAt { get; set; }

    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// True when the user may call every API. Users created through IAM have no policy,
    /// as honeytokens do, so everything except the calls AWS allows to any principal is
    /// denied.
    /// </summary>
    public bool Administrator { get; set; }

    public string Arn => $"arn:aws:iam::{AccountId}:user{Path}{UserName}";
}
