using System.Net;
using System.Net.Sockets;

namespace Honeytoken.Ingestion.Tests.Infrastructure;

/// <summary>
/// A loopback TCP proxy in front of PostgreSQL that a test can cut, to make the query tables
/// unreachable for the service while Orleans keeps its own direct connections.
/// </summary>
public sealed class SwitchableTcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _acceptLoop;
    private volatile bool _enabled = true;
    private int _refused;

    public SwitchableTcpProxy(string targetHost, int targetPort)
    {
        _target = new IPEndPoint(IPAddress.Parse(targetHost), targetPort);
        _listener.Start();
        _acceptLoop = AcceptAsync();
    }

    /// <summary>The port the proxy listens on.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>The number of connections refused while the proxy was cut.</summary>
    public int RefusedConnections => Volatile.Read(ref _refused);

    /// <summary>Cuts every open connection and refuses new ones.</summary>
    public void Cut()
    {
        _enabled = false;
        lock (_gate)
        {
            foreach (var client in _open)
            {
                client.Dispose();
            }

            _open.Clear();
        }
    }

    /// <summary>Forwards connections again.</summary>
    public void Restore() => _enabled = true;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
            // Stopping the listener ends the loop.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return;
            }

            if (!_enabled)
            {
                Interlocked.Increment(ref _refused);
                client.Dispose();
                continue;
            }

            _ = PipeAsync(client);
        }
    }

    private async Task PipeAsync(TcpClient client)
    {
        var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(_target, _stop.Token);
            lock (_gate)
            {
                _open.Add(client);
                _open.Add(upstream);
            }

            var a = client.GetStream().CopyToAsync(upstream.GetStream(), _stop.Token);
            var b = upstream.GetStream().CopyToAsync(client.GetStream(), _stop.Token);
            await Task.WhenAny(a, b);
        }
        catch (Exception exception) when (exception is SocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // A cut or a closed peer ends the pipe.
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
        }
    }
}
