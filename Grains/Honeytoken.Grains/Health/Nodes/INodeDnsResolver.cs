using System.Net;

namespace Honeytoken.Grains.Health.Nodes;

/// <summary>
/// Resolves host names for the node checks, both for the DNS sub-check and for the connections
/// that follow it. The default uses the operating system's resolver, and a silo can register
/// another one, for example one that resolves through a split-horizon DNS server.
/// </summary>
public interface INodeDnsResolver
{
    /// <summary>Returns the addresses of <paramref name="host"/>; throws <see cref="System.Net.Sockets.SocketException"/> when it has none.</summary>
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>Resolves through <see cref="Dns"/>, the operating system's resolver.</summary>
public sealed class SystemNodeDnsResolver : INodeDnsResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Dns.GetHostAddressesAsync(host, cancellationToken);
}
