using Honeytoken.Grains.Honeytokens;

namespace Honeytoken.Grains.Storage;

/// <summary>
/// One row of the <c>honeytokens</c> query table, as the honeytoken grain writes it after each
/// change. <see cref="SecretAccessKeyProtected"/> is already encrypted by <see cref="SecretProtector"/>.
/// </summary>
public sealed record HoneytokenRow
{
    public required Guid Id { get; init; }

    public required string InstallationId { get; init; }

    public required HoneytokenLifecycle Lifecycle { get; init; }

    public string? Name { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<CustomTag> CustomTags { get; init; } = [];

    public string? AccountId { get; init; }

    public string? IamUserName { get; init; }

    public string? AccessKeyId { get; init; }

    public byte[]? SecretAccessKeyProtected { get; init; }

    public DateTimeOffset? ProvisionedAt { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? TriggeredAt { get; init; }

    public DateTimeOffset? RevokedAt { get; init; }

    public int OpenEventsCount { get; init; }

    public string? CreatorId { get; init; }

    public string? RevokerId { get; init; }

    public string? FailureReason { get; init; }

    /// <summary>The grain's change counter; a write replaces only a row with a lower value.</summary>
    public required long RowVersion { get; init; }

    /// <summary>The lifecycle as the <c>lifecycle</c> column spells it.</summary>
    public static string LifecycleText(HoneytokenLifecycle lifecycle) => lifecycle switch
    {
        HoneytokenLifecycle.Provisioning => "provisioning",
        HoneytokenLifecycle.Pooled => "pooled",
        HoneytokenLifecycle.Active => "active",
        HoneytokenLifecycle.Triggered => "triggered",
        HoneytokenLifecycle.Revoking => "revoking",
        HoneytokenLifecycle.Revoked => "revoked",
        HoneytokenLifecycle.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(lifecycle), lifecycle, "Unknown lifecycle."),
    };
}

/// <summary>One entry of the <c>audit_log</c> table: who changed what, on which object, and when.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.audit-entry.v1")]
public sealed record AuditEntry(
    [property: Id(0)] DateTimeOffset OccurredAt,
    [property: Id(1)] Auditing.Actor Actor,
    [property: Id(2)] string Action,
    [property: Id(3)] string TargetType,
    [property: Id(4)] string TargetId,
    [property: Id(5)] IReadOnlyDictionary<string, string?> Details);

/// <summary>The outcome of a row write.</summary>
public enum RowWriteOutcome
{
    /// <summary>The row now has the given version (or a newer one written earlier).</summary>
    Written = 0,

    /// <summary>Another non-revoked token of the installation has the name.</summary>
    NameConflict = 1,

    /// <summary>Another token already claimed the IAM user name in the account.</summary>
    IamUserNameTaken = 2,
}

/// <summary>The outcome of a row write, with the conflicting token for <see cref="RowWriteOutcome.NameConflict"/>.</summary>
public sealed record RowWriteResult(RowWriteOutcome Outcome, Guid? ConflictingId = null)
{
    public static RowWriteResult Written { get; } = new(RowWriteOutcome.Written);
}
