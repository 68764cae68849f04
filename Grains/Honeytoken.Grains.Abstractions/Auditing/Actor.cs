namespace Honeytoken.Grains.Auditing;

/// <summary>Who made a change: an API token (by its id, never its value), a signed-in user, or the service itself.</summary>
[GenerateSerializer, Immutable, Alias("honeytoken.actor.v1")]
public sealed record Actor(
    [property: Id(0)] ActorKind Kind,
    [property: Id(1)] string Id)
{
    /// <summary>The service acting on its own, for provisioning and scheduled work.</summary>
    public static Actor System { get; } = new(ActorKind.System, "system");
}

[GenerateSerializer]
public enum ActorKind
{
    System = 0,
    ApiToken = 1,
    User = 2,
}
