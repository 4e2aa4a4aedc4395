using System.Net;
using System.Net.Sockets;

namespace EdgeSensors.Gateway.Tests.Upstream;

/// <summary>A TCP relay between the gateway and the broker that can cut the line, as a failed WAN link does.</summary>
public sealed class CuttableRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _target;
    private readonly List<TcpClient> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public CuttableRelay(int targetPort)
    {
        _target = targetPort;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>While true, every new connection is reset at once, as an unreachable broker looks to the gateway.</summary>
    public bool Refusing { get; set; }

    /// <summary>The WAN goes down and stays down: open connections are cut and new ones refused until <see cref="Up"/>.</summary>
    public void Down()
    {
        Refusing = true;
        Cut();
    }

    /// <summary>The WAN is back: new connections are relayed again.</summary>
    public void Up() => Refusing = false;

    /// <summary>Closes every relayed connection at once, without any MQTT DISCONNECT.</summary>
    public void Cut()
    {
        lock (_sockets)
        {
            foreach (TcpClient socket in _sockets)
            {
                // RST rather than FIN where the socket is still open: the broker sees a dead link, not a goodbye.
                try
                {
                    if (socket.Client is { Connected: true } open)
                    {
                        open.LingerState = new LingerOption(true, 0);
                    }
                }
                catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
                {
                    // Its pump closed it a moment ago (the peer went away): it is cut already.
                }

                socket.Dispose();
            }

            _sockets.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Cut();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient inbound = await _listener.AcceptTcpClientAsync(_stop.Token);
            if (Refusing)
            {
                inbound.Client.LingerState = new LingerOption(true, 0);
                inbound.Dispose();
                continue;
            }

            var outbound = new TcpClient();
            await outbound.ConnectAsync(IPAddress.Loopback, _target, _stop.Token);
            lock (_sockets)
            {
                _sockets.Add(inbound);
                _sockets.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try
        {
            await from.GetStream().CopyToAsync(to.GetStream());
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or SocketException or InvalidOperationException)
        {
            // The line was cut.
        }
        finally
        {
            to.Dispose();
        }
    }
}
