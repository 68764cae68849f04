namespace Honeytoken.Grains.Honeytokens;

/// <summary>What an operator gives a honeytoken when it is handed out.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.fields.v1")]
public sealed record HoneytokenFields(
    [property: Id(0)] string Name,
    [property: Id(1)] string? Description,
    [property: Id(2)] IReadOnlyList<CustomTag> CustomTags);

/// <summary>A partial update: a null member leaves that field as it is.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.patch.v1")]
public sealed record HoneytokenPatch(
    [property: Id(0)] string? Name,
    [property: Id(1)] string? Description,
    [property: Id(2)] IReadOnlyList<CustomTag>? CustomTags);

/// <summary>Why a command on a honeytoken was not carried out.</summary>
[GenerateSerializer]
public enum HoneytokenErrorKind
{
    /// <summary>No honeytoken has this id (or it was never handed out).</summary>
    NotFound = 0,

    /// <summary>The command does not apply in the token's current state, such as reset on an active token.</summary>
    InvalidState = 1,

    /// <summary>Another non-revoked token has the same name; <see cref="HoneytokenError.ConflictingId"/> names it.</summary>
    NameConflict = 2,

    /// <summary>A field is invalid; <see cref="HoneytokenError.Field"/> names it.</summary>
    Invalid = 3,
}

/// <summary>An expected failure of a command, returned rather than thrown.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.error.v1")]
public sealed record HoneytokenError(
    [property: Id(0)] HoneytokenErrorKind Kind,
    [property: Id(1)] string Message,
    [property: Id(2)] string? Field = null,
    [property: Id(3)] Guid? ConflictingId = null);

/// <summary>The outcome of a command: the token after it, or the reason it was not carried out.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.result.v1")]
public sealed record HoneytokenResult(
    [property: Id(0)] HoneytokenSnapshot? Token,
    [property: Id(1)] HoneytokenError? Error)
{
    public bool Succeeded => Error is null;

    public static HoneytokenResult Success(HoneytokenSnapshot token) => new(token, null);

    public static HoneytokenResult Failure(HoneytokenError error) => new(null, error);
}
