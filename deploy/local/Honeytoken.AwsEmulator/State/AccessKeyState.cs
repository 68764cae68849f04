namespace Honeytoken.AwsEmulator.State;

/// <summary>
/// An access key: a long-term key of an IAM user, or temporary credentials issued by STS
/// (those carry a session token and an expiry).
/// </summary>
public sealed class AccessKeyState
{
    public required string AccessKeyId { get; set; }

    public required string SecretAccessKey { get; set; }

    public required string AccountId { get; set; }

    /// <summary>Owning IAM user; for a role session, null.</summary>
    public string? UserName { get; set; }

    /// <summary><c>Active</c> or <c>Inactive</c>, as IAM spells them.</summary>
    public string Status { get; set; } = "Active";

    public DateTimeOffset CreatedAt { get; set; }

    public string? SessionToken { get; set; }

    public DateTimeOffset? Expiration { get; set; }

    /// <summary>Role assumed by this session, for AssumeRole credentials.</summary>
    public string? RoleName { get; set; }

    public string? RoleSessionName { get; set; }

    /// <summary>Name of the federated user, for GetFederationToken credentials.</summary>
    public string? FederatedUserName { get; set; }

    /// <summary>Long-term key from which GetSessionToken derived this one.</summary>
    public string? SourceAccessKeyId { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public string? LastUsedService { get; set; }

    public string? LastUsedRegion { get; set; }

    public bool IsTemporary => SessionToken is not null;
}
