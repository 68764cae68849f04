using Honeytoken.Grains.Storage;

namespace Honeytoken.Grains.Honeytokens;

/// <summary>
/// The service's own calls to a honeytoken grain, next to the operator's commands of
/// <see cref="IHoneytokenGrain"/>: provisioning its key for the pool, and recording a use of it.
/// The Api never calls these.
/// </summary>
public interface IHoneytokenLifecycleGrain : IGrainWithGuidKey
{
    /// <summary>
    /// Creates the token's IAM user and access key in the given member account, or finishes an
    /// earlier attempt. Idempotent: a token that is already pooled (or further) returns its
    /// state, and a retry after a crash adopts the user it created and deletes any key it did
    /// not record. Throws when AWS fails in a way that a later retry may fix.
    /// </summary>
    Task<ProvisioningOutcome> ProvisionAsync(ProvisioningOrder order);

    /// <summary>
    /// Stores a use of the token's key. The first open event moves an active token to
    /// triggered; events of a revoked token are stored but leave its status as it is.
    /// Returns the token after the event, or an error when the token was never handed out.
    /// </summary>
    Task<HoneytokenResult> RecordEventAsync(HoneytokenEventInput input);
}

/// <summary>The provisioning request that the set-up grain sends to a new token.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.provisioning-order.v1")]
public sealed record ProvisioningOrder(
    [property: Id(0)] string InstallationId,
    [property: Id(1)] string AccountId);

/// <summary>The lifecycle of a token after a provisioning call, and the reason when it failed.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.provisioning-outcome.v1")]
public sealed record ProvisioningOutcome(
    [property: Id(0)] HoneytokenLifecycle Lifecycle,
    [property: Id(1)] string? FailureReason = null,
    [property: Id(2)] bool Terminal = false);
