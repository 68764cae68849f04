using System.Net;
using Honeytoken.Grains.Health.Nodes;

namespace Honeytoken.Dashboard.Tests.Infrastructure;

/// <summary>
/// Resolves every host name of the node checks to loopback, so that the health checks in
/// these tests make no DNS query and reach only the emulator's host.
/// </summary>
public sealed class LoopbackDnsResolver : INodeDnsResolver
{
    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) => Task.FromResult(new[] { IPAddress.Loopback });
}
