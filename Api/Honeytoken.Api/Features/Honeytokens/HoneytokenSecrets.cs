using Honeytoken.Grains.Honeytokens;

namespace Honeytoken.Api.Features.Honeytokens;

/// <summary>
/// Fetches secret keys for <c>show_token=true</c> from the honeytoken grains.
/// </summary>
/// <remarks>
/// The Api could decrypt <c>secret_access_key_encrypted</c> itself with the secret protection
/// key, but that key also decrypts the configured AWS bootstrap credentials and the webhook
/// key, and the Api is the internet-facing process. Asking the grain that owns the key keeps
/// the encryption key in the silos only. The cost, one grain call per token, is paid only
/// when a caller with <c>honeytokens:read</c> requests secrets. A page contains at most
/// <see cref="Paging.PageLinks.MaxPageSize"/> tokens, and the calls run concurrently.
/// </remarks>
public sealed class HoneytokenSecrets(IClusterClient cluster)
{
    /// <summary>Returns each token's snapshot with its secret, by id. A token that its grain does not know is left out.</summary>
    public async Task<IReadOnlyDictionary<Guid, HoneytokenSnapshot>> FetchAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken)
    {
        var calls = ids.Distinct()
            .Select(id => cluster.GetGrain<IHoneytokenGrain>(id).GetAsync(includeSecret: true).WaitAsync(cancellationToken))
            .ToList();
        var snapshots = await Task.WhenAll(calls);
        return snapshots.OfType<HoneytokenSnapshot>().ToDictionary(snapshot => snapshot.Id);
    }
}
