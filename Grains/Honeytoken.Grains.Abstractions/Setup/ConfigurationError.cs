namespace Honeytoken.Grains.Setup;

/// <summary>
/// One problem in an uploaded configuration file: the field it concerns, as a dotted path
/// such as <c>management_role.arn</c>, and a message that says what is wrong and how to fix it.
/// </summary>
[GenerateSerializer, Immutable, Alias("honeytoken.setup.configuration-error.v1")]
public sealed record ConfigurationError(
    [property: Id(0)] string Field,
    [property: Id(1)] string Message);
