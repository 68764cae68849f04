using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Honeytoken.Grains.Health.Nodes;

namespace Honeytoken.Health.Tests.Infrastructure;

/// <summary>
/// Resolves through the operating system, except for the host names a test blocks on one silo,
/// which fail as an unknown host does. The silos run in the test process, so the blocked names
/// are shared through a static table keyed by silo name.
/// </summary>
public sealed class BlockingDnsResolver(ILocalSiloDetails silo) : INodeDnsResolver
{
    private static readonly ConcurrentDictionary<(string Silo, string Host), bool> Blocked = new();

    /// <summary>Makes <paramref name="host"/> unresolvable on the silo named <paramref name="siloName"/>.</summary>
    public static void Block(string siloName, string host) => Blocked[(siloName, host)] = true;

    /// <summary>Lifts every block.</summary>
    public static void Clear() => Blocked.Clear();

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (Blocked.ContainsKey((silo.Name, host)))
        {
            throw new SocketException((int)SocketError.HostNotFound);
        }

        return Dns.GetHostAddressesAsync(host, cancellationToken);
    }
}
