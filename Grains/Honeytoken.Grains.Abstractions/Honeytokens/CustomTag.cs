namespace Honeytoken.Grains.Honeytokens;

/// <summary>A key/value label an operator attaches to a honeytoken, such as <c>team=payments</c>.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.custom-tag.v1")]
public sealed record CustomTag(
    [property: Id(0)] string Key,
    [property: Id(1)] string Value);
