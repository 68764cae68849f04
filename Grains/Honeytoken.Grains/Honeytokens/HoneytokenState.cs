namespace Honeytoken.Grains.Honeytokens;

/// <summary>
/// The durable state of one honeytoken grain. The secret key is kept encrypted by the
/// secret protector, never in clear.
/// </summary>
[GenerateSerializer, Alias("honeytoken.grain-state.v1")]
public sealed class HoneytokenState
{
    /// <summary>Null until the set-up grain first requests provisioning of the token.</summary>
    [Id(0)] public string? InstallationId { get; set; }

    [Id(1)] public HoneytokenLifecycle Lifecycle { get; set; }

    /// <summary>The member account that contains the IAM user.</summary>
    [Id(2)] public string? AccountId { get; set; }

    /// <summary>The claimed IAM user name; the user may not exist yet while provisioning.</summary>
    [Id(3)] public string? IamUserName { get; set; }

    [Id(4)] public string? IamUserPath { get; set; }

    /// <summary>Which candidate of <see cref="IamUserNames"/> the name is.</summary>
    [Id(5)] public int NameAttempt { get; set; }

    /// <summary>When the name was claimed; a user with that name created long before is not this token's.</summary>
    [Id(6)] public DateTimeOffset? ClaimedAt { get; set; }

    [Id(7)] public string? AccessKeyId { get; set; }

    [Id(8)] public byte[]? SecretAccessKeyProtected { get; set; }

    [Id(9)] public DateTimeOffset? ProvisionedAt { get; set; }

    [Id(10)] public string? Name { get; set; }

    [Id(11)] public string? Description { get; set; }

    [Id(12)] public List<CustomTag> CustomTags { get; set; } = [];

    /// <summary>When the token was handed out.</summary>
    [Id(13)] public DateTimeOffset? CreatedAt { get; set; }

    [Id(14)] public DateTimeOffset? TriggeredAt { get; set; }

    [Id(15)] public DateTimeOffset? RevokedAt { get; set; }

    [Id(16)] public int OpenEventsCount { get; set; }

    [Id(17)] public string? CreatorId { get; set; }

    [Id(18)] public string? RevokerId { get; set; }

    [Id(19)] public string? FailureReason { get; set; }

    /// <summary>Provisioning calls that failed with an error a retry may fix.</summary>
    [Id(20)] public int ProvisioningFailures { get; set; }

    /// <summary>The version of the last row written, in microseconds since the Unix epoch; see <see cref="HoneytokenGrain"/>.</summary>
    [Id(21)] public long RowVersion { get; set; }

    /// <summary>True once the IAM user is known to exist, so a retry skips CreateUser.</summary>
    [Id(22)] public bool IamUserCreated { get; set; }

    /// <summary>The audit entry of the last change, written again with the row if the row write was lost.</summary>
    [Id(23)] public Storage.AuditEntry? LastChange { get; set; }

    public HoneytokenState Copy()
    {
        var copy = (HoneytokenState)MemberwiseClone();
        copy.CustomTags = [.. CustomTags];
        return copy;
    }
}
