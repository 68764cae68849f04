namespace Honeytoken.Grains.Honeytokens;

/// <summary>
/// Where a honeytoken is in its life. Only <see cref="Active"/>, <see cref="Triggered"/> and
/// <see cref="Revoked"/> are public statuses (see <see cref="HoneytokenStatus"/>); the others
/// belong to the key pool and to work in progress.
/// </summary>
/// <remarks>
/// provisioning → pooled → active ⇄ triggered → revoking → revoked, and failed for a key that
/// could not be created after its retries.
/// </remarks>
[GenerateSerializer]
public enum HoneytokenLifecycle
{
    /// <summary>The IAM user and key are being created.</summary>
    Provisioning = 0,

    /// <summary>The key exists in AWS and waits in the pool to be handed out.</summary>
    Pooled = 1,

    /// <summary>Handed out, no open event.</summary>
    Active = 2,

    /// <summary>Handed out, with at least one open event.</summary>
    Triggered = 3,

    /// <summary>The key and user are being deleted in AWS.</summary>
    Revoking = 4,

    /// <summary>The key and user no longer exist in AWS.</summary>
    Revoked = 5,

    /// <summary>The key could not be created; the reason is kept.</summary>
    Failed = 6,
}
