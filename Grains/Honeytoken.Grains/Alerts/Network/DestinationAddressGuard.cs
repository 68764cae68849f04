using System.Net;
using System.Net.Sockets;

namespace Honeytoken.Grains.Alerts.Network;

/// <summary>A destination address that <see cref="NetworkAddressPolicy"/> does not allow.</summary>
public sealed class DestinationAddressRejectedException(string message) : Exception(message);

/// <summary>
/// Resolves a destination's host, checks every address, and connects only to a checked one,
/// so that DNS cannot hand out another address between the check and the connection.
/// </summary>
public sealed class DestinationAddressGuard(IHostAddressResolver resolver)
{
    /// <summary>
    /// Resolves <paramref name="host"/> and returns its addresses when all of them are
    /// allowed. Throws <see cref="DestinationAddressRejectedException"/> when one is not, or
    /// when the name does not resolve.
    /// </summary>
    /// <remarks>
    /// One rejected address rejects the host, rather than connecting to the allowed ones,
    /// because a name that also points inside the network is not trusted.
    /// </remarks>
    public async Task<IPAddress[]> ResolveAllowedAsync(string host, bool allowPrivateNetwork, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(host);

        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await resolver.ResolveAsync(host, cancellationToken);
            }
            catch (SocketException exception)
            {
                throw new DestinationAddressRejectedException($"The host {host} could not be resolved: {exception.SocketErrorCode}.");
            }
        }

        if (addresses.Length == 0)
        {
            throw new DestinationAddressRejectedException($"The host {host} resolved to no address.");
        }

        foreach (var address in addresses)
        {
            var reason = NetworkAddressPolicy.Check(address, allowPrivateNetwork);
            if (reason is not null)
            {
                throw new DestinationAddressRejectedException($"The host {host} is not allowed: {reason}.");
            }
        }

        return addresses;
    }

    /// <summary>Resolves and checks <paramref name="host"/>, then connects a TCP socket to the first checked address that accepts.</summary>
    public async Task<Socket> ConnectAsync(string host, int port, bool allowPrivateNetwork, CancellationToken cancellationToken)
    {
        var addresses = await ResolveAllowedAsync(host, allowPrivateNetwork, cancellationToken);

        SocketException? lastError = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return socket;
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                lastError = exception;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw lastError!;
    }
}
