using BenchmarkDotNet.Attributes;
using Honeytoken.Grains.Events;
using Honeytoken.Grains.Events.Routing;

namespace Honeytoken.Benchmarks;

/// <summary>
/// The routing decision for each record of a 10,000-record file, with 100 or 100,000
/// honeytokens known; 1 % of the records carry one of the known keys. Each operation is one
/// record.
/// </summary>
/// <remarks>
/// <see cref="Triage"/> runs the in-memory <see cref="HoneytokenIdentityIndex"/> path.
/// <see cref="RouteCacheLookups"/> runs the lookups that <see cref="RecordRouter"/> makes per
/// record once its <see cref="RouteCache"/> is warm: the route keys of the access key, the
/// ARNs and the principal ids, in the router's order, stopping at the first hit. The number
/// of known keys does not reach this path, because the cache holds only the identities seen.
/// A cold cache or an expired entry costs an <see cref="IAccessKeyRouteGrain"/> call instead,
/// which the end-to-end ingestion figure includes.
/// </remarks>
[MemoryDiagnoser]
public class RoutingBenchmarks
{
    private BenchmarkCorpus _corpus = null!;
    private CloudTrailRecordTriage _triage = null!;
    private RouteCache _cache = null!;

    [Params(100, 100_000)]
    public int KnownKeys { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var keys = BenchmarkCorpus.HoneytokenKeys(KnownKeys);

        // The hits use the first five keys; the rest only make the tables as large as a big installation's.
        _corpus = new BenchmarkCorpus([.. keys.Take(5)]);
        var identities = keys.Select((key, i) => new HoneytokenIdentity(
            Guid.NewGuid(),
            [key],
            [$"arn:aws:iam::210987654321:user/honeytoken-{i}"],
            [$"AIDAHT{i:D15}"])).ToList();
        _triage = new CloudTrailRecordTriage(new HoneytokenIdentityIndex(identities));

        // The router fills its cache lazily, so a warm cache contains the routes of the identities
        // that the records carry, not every known key. The honeytoken keys among them name a
        // token and the others no token. The other known keys live in the route grains.
        var tokenByKey = identities.Take(5).ToDictionary(identity => AccessKeyRoutes.ForAccessKey(identity.AccessKeyIds[0]), identity => identity.TokenId);
        _cache = new RouteCache(TimeProvider.System);
        foreach (var record in _corpus.Records)
        {
            foreach (var routeKey in RouteKeys(record.UserIdentity))
            {
                _cache.Set(routeKey, tokenByKey.TryGetValue(routeKey, out var tokenId) ? tokenId : null);
            }
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = BenchmarkCorpus.RecordCount, Description = "triage, HoneytokenIdentityIndex")]
    public int Triage()
    {
        var events = 0;
        foreach (var record in _corpus.Records)
        {
            events += _triage.Triage(record).Disposition == RecordDisposition.HoneytokenEvent ? 1 : 0;
        }

        return events;
    }

    [Benchmark(OperationsPerInvoke = BenchmarkCorpus.RecordCount, Description = "RecordRouter lookups, warm RouteCache")]
    public int RouteCacheLookups()
    {
        var events = 0;
        foreach (var record in _corpus.Records)
        {
            if (CloudTrailRecordClassifier.Classify(record) is not (CloudTrailRecordKind.ApiCall or CloudTrailRecordKind.ConsoleSignIn))
            {
                continue;
            }

            foreach (var routeKey in RouteKeys(record.UserIdentity))
            {
                if (_cache.TryGet(routeKey, out var token) && token is not null)
                {
                    events++;
                    break;
                }
            }
        }

        return events;
    }

    /// <summary>The route keys that <see cref="RecordRouter"/> looks up, in its order.</summary>
    private static IEnumerable<string> RouteKeys(CloudTrailUserIdentity? identity)
    {
        if (identity is null)
        {
            yield break;
        }

        if (!string.IsNullOrWhiteSpace(identity.AccessKeyId))
        {
            yield return AccessKeyRoutes.ForAccessKey(identity.AccessKeyId);
        }

        if (!string.IsNullOrWhiteSpace(identity.Arn))
        {
            yield return AccessKeyRoutes.ForPrincipalArn(identity.Arn);
        }

        if (!string.IsNullOrWhiteSpace(identity.SessionIssuer?.Arn))
        {
            yield return AccessKeyRoutes.ForPrincipalArn(identity.SessionIssuer.Arn);
        }

        if (!string.IsNullOrWhiteSpace(identity.PrincipalId))
        {
            yield return AccessKeyRoutes.ForPrincipalId(identity.PrincipalId);
        }

        if (!string.IsNullOrWhiteSpace(identity.SessionIssuer?.PrincipalId))
        {
            yield return AccessKeyRoutes.ForPrincipalId(identity.SessionIssuer.PrincipalId);
        }
    }
}
