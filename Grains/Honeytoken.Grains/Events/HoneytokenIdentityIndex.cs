using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Honeytoken.Grains.Events;

/// <summary>
/// Decides which honeytoken a CloudTrail record belongs to with a few hash lookups, without a
/// database query. This is the hot path of every channel.
/// </summary>
/// <remarks>
/// A record belongs to a token when <c>userIdentity.accessKeyId</c> is the token's key, or a
/// temporary key minted from it, or when the token's principal ARN or principal id appears in
/// <c>userIdentity</c> or in <c>sessionContext.sessionIssuer</c>. The second group catches calls
/// made with credentials from <c>GetSessionToken</c> or <c>GetFederationToken</c>: those records
/// carry a new <c>ASIA…</c> key but name the honeytoken user as the caller or the issuer.
/// <para>
/// Ids are compared as exact ordinal strings and never validated, because real records carry
/// keys such as <c>EXAMPLE_KEY_ID</c> and account numbers of unusual length. Empty ids never
/// match. The registered identifiers are frozen at construction; derived keys learnt from
/// minting records go into a concurrent map, so one index can serve concurrent callers.
/// </para>
/// </remarks>
public sealed class HoneytokenIdentityIndex
{
    private readonly FrozenDictionary<string, Guid> _accessKeys;
    private readonly FrozenDictionary<string, Guid> _principalArns;
    private readonly FrozenDictionary<string, Guid> _principalIds;
    private readonly ConcurrentDictionary<string, Guid> _derivedAccessKeys = new(StringComparer.Ordinal);

    /// <summary>Builds the index of the given honeytokens.</summary>
    /// <exception cref="ArgumentException">Two honeytokens share an identifier.</exception>
    public HoneytokenIdentityIndex(IEnumerable<HoneytokenIdentity> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);

        var accessKeys = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var principalArns = new Dictionary<string, Guid>(StringComparer.Ordinal);
        var principalIds = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            AddAll(accessKeys, token.AccessKeyIds, token.TokenId, "access key id");
            AddAll(principalArns, token.PrincipalArns, token.TokenId, "principal ARN");
            AddAll(principalIds, token.PrincipalIds, token.TokenId, "principal id");
        }

        _accessKeys = accessKeys.ToFrozenDictionary(StringComparer.Ordinal);
        _principalArns = principalArns.ToFrozenDictionary(StringComparer.Ordinal);
        _principalIds = principalIds.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The number of derived access keys learnt so far.</summary>
    public int DerivedAccessKeyCount => _derivedAccessKeys.Count;

    /// <summary>
    /// Records that <paramref name="accessKeyId"/> was minted with the credentials of
    /// <paramref name="tokenId"/>, for example when reloading derived keys from storage.
    /// </summary>
    public void AddDerivedAccessKey(string accessKeyId, Guid tokenId)
    {
        if (!string.IsNullOrEmpty(accessKeyId) && !_accessKeys.ContainsKey(accessKeyId))
        {
            _derivedAccessKeys.TryAdd(accessKeyId, tokenId);
        }
    }

    /// <summary>
    /// Finds the honeytoken that <paramref name="record"/> belongs to. When the record is a
    /// successful <c>GetSessionToken</c>, <c>GetFederationToken</c> or <c>AssumeRole</c> call by a
    /// honeytoken, the temporary key it returned is remembered and reported in
    /// <see cref="RecordAttribution.DerivedAccessKeyId"/> so the caller can store it.
    /// </summary>
    public RecordAttribution Attribute(CloudTrailRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);

        var (tokenId, match) = Match(record.UserIdentity);
        if (tokenId is not Guid token)
        {
            return RecordAttribution.None;
        }

        var derived = MintedAccessKeyId(record);
        if (derived is not null)
        {
            AddDerivedAccessKey(derived, token);
        }

        return new RecordAttribution(token, match, derived);
    }

    private (Guid? TokenId, AttributionMatch Match) Match(CloudTrailUserIdentity? identity)
    {
        if (identity is null)
        {
            return (null, AttributionMatch.None);
        }

        var accessKeyId = identity.AccessKeyId;
        if (!string.IsNullOrEmpty(accessKeyId))
        {
            if (_accessKeys.TryGetValue(accessKeyId, out var token))
            {
                return (token, AttributionMatch.AccessKey);
            }

            if (_derivedAccessKeys.TryGetValue(accessKeyId, out token))
            {
                return (token, AttributionMatch.DerivedAccessKey);
            }
        }

        if (TryFind(_principalArns, identity.Arn, out var byArn))
        {
            return (byArn, AttributionMatch.PrincipalArn);
        }

        var issuer = identity.SessionIssuer;
        if (TryFind(_principalArns, issuer?.Arn, out var byIssuerArn))
        {
            return (byIssuerArn, AttributionMatch.SessionIssuerArn);
        }

        if (TryFind(_principalIds, identity.PrincipalId, out var byPrincipalId))
        {
            return (byPrincipalId, AttributionMatch.PrincipalId);
        }

        if (TryFind(_principalIds, issuer?.PrincipalId, out var byIssuerPrincipalId))
        {
            return (byIssuerPrincipalId, AttributionMatch.SessionIssuerPrincipalId);
        }

        return (null, AttributionMatch.None);
    }

    private static string? MintedAccessKeyId(CloudTrailRecord record)
    {
        if (record.IssuedAccessKeyId is null || record.ErrorCode is not null)
        {
            return null;
        }

        return record.EventName is "GetSessionToken" or "GetFederationToken" or "AssumeRole"
            ? record.IssuedAccessKeyId
            : null;
    }

    private static bool TryFind(FrozenDictionary<string, Guid> map, string? id, out Guid tokenId)
    {
        if (string.IsNullOrEmpty(id))
        {
            tokenId = default;
            return false;
        }

        return map.TryGetValue(id, out tokenId);
    }

    private static void AddAll(Dictionary<string, Guid> map, IReadOnlyList<string> ids, Guid tokenId, string kind)
    {
        foreach (var id in ids)
        {
            // A blank id would match the empty accessKeyId of failed console sign-ins.
            if (string.IsNullOrWhiteSpace(id))
            {
                continue;
            }

            if (map.TryGetValue(id, out var existing) && existing != tokenId)
            {
                throw new ArgumentException($"The {kind} '{id}' is registered for both honeytoken {existing} and honeytoken {tokenId}.", nameof(ids));
            }

            map[id] = tokenId;
        }
    }
}
