using Honeytoken.Grains.Auditing;

namespace Honeytoken.Grains.Honeytokens;

/// <summary>
/// One honeytoken, keyed by its id. It owns its IAM user and access key from creation to
/// deletion, its lifecycle and its events, and writes its row in the query tables after
/// every change so that listing never activates grains.
/// </summary>
public interface IHoneytokenGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Hands a pooled token out: pooled → active, with the operator's name, description and
    /// tags. Fails with <see cref="HoneytokenErrorKind.NameConflict"/> when another non-revoked
    /// token has the name.
    /// </summary>
    Task<HoneytokenResult> AssignAsync(HoneytokenFields fields, Actor actor);

    /// <summary>Returns the token, or null when it was never handed out. The secret key is included only when <paramref name="includeSecret"/> is set.</summary>
    Task<HoneytokenSnapshot?> GetAsync(bool includeSecret);

    /// <summary>Changes the name, description or tags.</summary>
    Task<HoneytokenResult> UpdateAsync(HoneytokenPatch patch, Actor actor);

    /// <summary>Archives the open events and moves triggered → active. Any other status is <see cref="HoneytokenErrorKind.InvalidState"/>.</summary>
    Task<HoneytokenResult> ResetAsync(Actor actor);

    /// <summary>
    /// Deletes the access key and the IAM user in AWS. Idempotent: revoking a revoked token
    /// returns it unchanged, and a revocation interrupted by a crash resumes on its own.
    /// </summary>
    Task<HoneytokenResult> RevokeAsync(Actor actor);
}
