namespace Honeytoken.AwsEmulator.State;

/// <summary>An IAM role and the part of its trust policy the emulator enforces.</summary>
public sealed class IamRoleState
{
    public required string RoleName { get; set; }

    /// <summary>Unique id starting with <c>AROA</c>.</summary>
    public required string RoleId { get; set; }

    public required string AccountId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Accounts whose principals the trust policy allows to assume the role.</summary>
    public List<string> TrustedAccountIds { get; set; } = [];

    /// <summary>
    /// Value of the trust policy's <c>sts:ExternalId</c> condition, or null when the role
    /// has no such condition.
    /// </summary>
    public string? ExternalId { get; set; }

    /// <summary>True when sessions of the role may call every API.</summary>
    public bool Administrator { get; set; } = true;

    public string Arn => $"arn:aws:iam::{AccountId}:role/{RoleName}";
}
