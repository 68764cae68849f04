namespace Honeytoken.Grains.Events;

/// <summary>
/// Which honeytoken, if any, a CloudTrail record belongs to.
/// </summary>
/// <param name="TokenId">The honeytoken, or null when the record belongs to none.</param>
/// <param name="Match">The identifier that matched.</param>
/// <param name="DerivedAccessKeyId">
/// The temporary access key id that the record minted with the token's credentials, which later
/// records may carry; null when the record minted none.
/// </param>
public readonly record struct RecordAttribution(Guid? TokenId, AttributionMatch Match, string? DerivedAccessKeyId)
{
    /// <summary>The result for a record that belongs to no honeytoken.</summary>
    public static RecordAttribution None => default;

    /// <summary>Whether the record belongs to a honeytoken.</summary>
    public bool IsAttributed => TokenId.HasValue;
}
