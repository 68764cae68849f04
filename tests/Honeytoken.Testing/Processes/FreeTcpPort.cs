using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Honeytoken.Testing.Processes;

/// <summary>Finds unused TCP ports on loopback for servers that a test starts.</summary>
public static class FreeTcpPort
{
    // Linux may hand out a port it has just released again, which once gave two silos of one
    // fault test the same silo port: the second silo declared the first one dead.
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>
    /// Returns a port that the operating system just handed out and released, and that this
    /// process has not returned before. Another process may take it before the caller binds
    /// it, which is unlikely but possible.
    /// </summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }
    }
}
