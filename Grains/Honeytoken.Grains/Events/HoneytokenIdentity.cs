namespace Honeytoken.Grains.Events;

/// <summary>
/// The AWS identifiers of one honeytoken that CloudTrail records can carry.
/// </summary>
/// <param name="TokenId">The honeytoken's id.</param>
/// <param name="AccessKeyIds">The token's long-term access key ids (usually one).</param>
/// <param name="PrincipalArns">The ARNs of the token's IAM user, or of a planted role.</param>
/// <param name="PrincipalIds">The unique ids of the token's IAM user (<c>AIDA…</c>) or role.</param>
public sealed record HoneytokenIdentity(
    Guid TokenId,
    IReadOnlyList<string> AccessKeyIds,
    IReadOnlyList<string> PrincipalArns,
    IReadOnlyList<string> PrincipalIds);
