namespace Honeytoken.Grains.Honeytokens;

/// <summary>
/// A honeytoken as the API shows it. <see cref="SecretAccessKey"/> is filled only when the
/// caller asked for it and is allowed to see it.
/// </summary>
[GenerateSerializer, Immutable, Alias("honeytoken.snapshot.v1")]
public sealed record HoneytokenSnapshot
{
    [Id(0)] public required Guid Id { get; init; }

    [Id(1)] public required HoneytokenLifecycle Lifecycle { get; init; }

    [Id(2)] public required string Name { get; init; }

    [Id(3)] public string? Description { get; init; }

    [Id(4)] public required DateTimeOffset CreatedAt { get; init; }

    [Id(5)] public DateTimeOffset? TriggeredAt { get; init; }

    [Id(6)] public DateTimeOffset? RevokedAt { get; init; }

    [Id(7)] public int OpenEventsCount { get; init; }

    [Id(8)] public string? CreatorId { get; init; }

    [Id(9)] public string? RevokerId { get; init; }

    [Id(10)] public IReadOnlyList<CustomTag> CustomTags { get; init; } = [];

    [Id(11)] public string? AccessKeyId { get; init; }

    [Id(12)] public string? SecretAccessKey { get; init; }

    /// <summary>The public status, or null while the token is not handed out.</summary>
    public string? Status => HoneytokenStatus.FromLifecycle(Lifecycle);
}
