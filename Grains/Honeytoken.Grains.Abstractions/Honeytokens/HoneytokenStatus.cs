namespace Honeytoken.Grains.Honeytokens;

/// <summary>The public statuses of the REST API, and their mapping from <see cref="HoneytokenLifecycle"/>.</summary>
public static class HoneytokenStatus
{
    public const string Active = "active";

    public const string Triggered = "triggered";

    public const string Revoked = "revoked";

    /// <summary>Every public status, in the order the API documents them.</summary>
    public static IReadOnlyList<string> All { get; } = [Active, Triggered, Revoked];

    /// <summary>
    /// Maps a lifecycle state to its public status. A token being revoked shows as revoked
    /// because revocation, once requested, is never undone; pooled, provisioning and failed
    /// keys are not honeytokens yet and have no public status.
    /// </summary>
    public static string? FromLifecycle(HoneytokenLifecycle lifecycle) => lifecycle switch
    {
        HoneytokenLifecycle.Active => Active,
        HoneytokenLifecycle.Triggered => Triggered,
        HoneytokenLifecycle.Revoking or HoneytokenLifecycle.Revoked => Revoked,
        _ => null,
    };
}
