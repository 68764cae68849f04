namespace Honeytoken.Grains.Events;

/// <summary>
/// The <c>userIdentity.sessionContext.sessionIssuer</c> block of a CloudTrail record: the IAM
/// user or role whose credentials created the temporary session.
/// </summary>
public sealed record CloudTrailSessionIssuer
{
    /// <summary>The issuer type, such as <c>IAMUser</c> or <c>Role</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The unique id of the issuing user or role, such as <c>AIDA…</c> or <c>AROA…</c>.</summary>
    public string? PrincipalId { get; init; }

    /// <summary>The ARN of the issuing user or role.</summary>
    public string? Arn { get; init; }

    /// <summary>The account that owns the issuer.</summary>
    public string? AccountId { get; init; }

    /// <summary>The friendly name of the issuing user or role.</summary>
    public string? UserName { get; init; }
}
