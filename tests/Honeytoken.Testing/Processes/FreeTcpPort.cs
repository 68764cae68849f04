using System.Net;
using System.Net.Sockets;

namespace Honeytoken.Testing.Processes;

/// <summary>Finds unused TCP ports on loopback for servers that a test starts.</summary>
public static class FreeTcpPort
{
    /// <summary>
    /// Returns a port that the operating system just handed out and released. Another process
    /// may take it before the caller binds it, which is unlikely but possible.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
