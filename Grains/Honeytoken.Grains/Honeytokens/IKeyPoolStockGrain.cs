namespace Honeytoken.Grains.Honeytokens;

/// <summary>The set-up grain's side of the key pool: it adds the keys it provisioned.</summary>
public interface IKeyPoolStockGrain : IGrainWithStringKey
{
    /// <summary>Adds pooled tokens; ids already in the pool are ignored. Returns the pool size after.</summary>
    Task<int> AddAsync(IReadOnlyList<Guid> tokenIds);
}
