namespace Honeytoken.Grains.Events;

/// <summary>
/// The <c>userIdentity</c> block of a CloudTrail record. Every field is optional because
/// service events, console sign-in failures and Insights events omit most of them.
/// </summary>
public sealed record CloudTrailUserIdentity
{
    /// <summary>The identity type, such as <c>IAMUser</c>, <c>AssumedRole</c>, <c>FederatedUser</c> or <c>AWSService</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The unique id of the principal. For an IAM user it is the <c>AIDA…</c> id.</summary>
    public string? PrincipalId { get; init; }

    /// <summary>The ARN of the principal that made the call.</summary>
    public string? Arn { get; init; }

    /// <summary>The account that owns the principal, kept as an opaque string.</summary>
    public string? AccountId { get; init; }

    /// <summary>The access key id that signed the request, kept as an opaque string.</summary>
    public string? AccessKeyId { get; init; }

    /// <summary>The friendly name of the IAM user.</summary>
    public string? UserName { get; init; }

    /// <summary>The AWS service that made the request on behalf of the principal, or <c>AWS Internal</c>.</summary>
    public string? InvokedBy { get; init; }

    /// <summary>The user or role whose credentials created a temporary session, when the record has one.</summary>
    public CloudTrailSessionIssuer? SessionIssuer { get; init; }
}
