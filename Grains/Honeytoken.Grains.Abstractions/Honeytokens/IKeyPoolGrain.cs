namespace Honeytoken.Grains.Honeytokens;

/// <summary>
/// The provisioned keys of one installation that are not handed out yet, keyed by the
/// installation id. Creating a honeytoken takes one from here, so it never waits on AWS.
/// </summary>
public interface IKeyPoolGrain : IGrainWithStringKey
{
    /// <summary>Removes one pooled token from the pool and returns its id, or null when the pool is empty.</summary>
    Task<Guid?> TakeAsync();

    /// <summary>Returns a token taken by <see cref="TakeAsync"/> that could not be handed out, such as after a name conflict.</summary>
    Task ReturnAsync(Guid tokenId);

    /// <summary>Returns how many keys are ready to hand out.</summary>
    Task<int> CountAsync();
}
