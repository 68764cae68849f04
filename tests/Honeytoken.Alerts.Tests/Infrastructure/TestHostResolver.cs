using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Honeytoken.Grains.Alerts.Network;

namespace Honeytoken.Alerts.Tests.Infrastructure;

/// <summary>
/// A DNS stand-in for the in-process silos: names map to whatever addresses a test sets,
/// so the address checks can be tested, and a name re-pointed, without any real lookup.
/// </summary>
public sealed class TestHostResolver : IHostAddressResolver
{
    private static readonly ConcurrentDictionary<string, IPAddress[]> Names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Points <paramref name="host"/> at <paramref name="addresses"/>.</summary>
    public static void Set(string host, params IPAddress[] addresses) => Names[host] = addresses;

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        Names.TryGetValue(host, out var addresses)
            ? Task.FromResult(addresses)
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
}
