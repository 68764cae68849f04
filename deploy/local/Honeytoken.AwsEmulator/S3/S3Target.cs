using System.Text.RegularExpressions;
using Honeytoken.AwsEmulator.State;

namespace Honeytoken.AwsEmulator.S3;

/// <summary>
/// The bucket and key that an S3 request addresses. Clients given an access point ARN put
/// <c>&lt;access-point&gt;-&lt;account&gt;.</c> in front of the endpoint's host name and
/// send the key as the path; other requests use path-style addressing (<c>/bucket/key</c>).
/// </summary>
public sealed partial record S3Target(string? Bucket, string? Key, string? AccessPoint, string? AccessPointAccountId)
{
    [GeneratedRegex(@"^(?<name>[a-z0-9][a-z0-9-]{1,48}[a-z0-9])-(?<account>\d{12})$")]
    private static partial Regex AccessPointLabel();

    /// <summary>Finds the target of a request; the caller holds the state lock.</summary>
    public static S3Target Resolve(EmulatorState state, string host, string rawPath)
    {
        var firstLabel = host.Split('.')[0];
        var match = AccessPointLabel().Match(firstLabel);
        if (match.Success && host.Contains('.', StringComparison.Ordinal))
        {
            var name = match.Groups["name"].Value;
            var account = match.Groups["account"].Value;
            var bucket = state.Buckets.Values.FirstOrDefault(b => b.OwnerAccountId == account && b.AccessPoints.Contains(name));
            var key = rawPath.Length > 1 ? Uri.UnescapeDataString(rawPath[1..]) : null;
            return new S3Target(bucket?.Name, key, name, account);
        }

        var path = rawPath.TrimStart('/');
        if (path.Length == 0)
        {
            return new S3Target(null, null, null, null);
        }

        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new S3Target(Uri.UnescapeDataString(path), null, null, null)
            : new S3Target(Uri.UnescapeDataString(path[..slash]), slash + 1 < path.Length ? Uri.UnescapeDataString(path[(slash + 1)..]) : null, null, null);
    }
}
