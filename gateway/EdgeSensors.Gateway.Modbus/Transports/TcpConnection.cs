using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>
/// A TCP connection that is opened on first use and reopened on the next use after it dropped, so a transport
/// reconnects by itself. Shared by Modbus TCP and RTU over TCP.
/// </summary>
internal sealed class TcpConnection : IAsyncDisposable
{
    private readonly string _host;
    private readonly int _port;
    // A peer that drops idle connections does so after seconds; a connection used this recently is not checked.
    private static readonly long RecentlyUsedTicks = Stopwatch.Frequency / 20;

    private Socket? _socket;
    private NetworkStream? _stream;
    private long _lastUsed;

    public TcpConnection(string host, int port)
    {
        _host = host;
        _port = port;
    }

    /// <summary>Bytes waiting to be read without blocking.</summary>
    public int Available => _socket?.Available ?? 0;

    /// <summary>
    /// The connected socket, or null when there is none or the peer has closed it since the last use (then it is
    /// closed here too), so an idle connection the device dropped is replaced before a request is lost on it. The
    /// check costs a poll(), skipped when the connection was used in the last 50 ms; a drop is then caught by the read.
    /// </summary>
    public Socket? OpenSocket()
    {
        if (_socket is null)
        {
            return null;
        }

        long now = Stopwatch.GetTimestamp();
        if (now - _lastUsed > RecentlyUsedTicks && PeerClosed(_socket))
        {
            Close();
            return null;
        }

        _lastUsed = now;
        return _socket;
    }

    /// <summary>
    /// Opens a new connection (closing any old one). A <paramref name="nonBlocking"/> socket fails a synchronous read
    /// that finds nothing instead of waiting (NetworkStream refuses such a socket).
    /// </summary>
    public async ValueTask<Socket> ConnectAsync(bool nonBlocking, CancellationToken ct)
    {
        Close();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_host, _port, ct).ConfigureAwait(false);
            socket.Blocking = !nonBlocking;
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        return socket;
    }

    /// <summary>
    /// Opens a new non-blocking connection (closing any old one) without the runtime's socket engine: an asynchronous
    /// connect would register the socket with the engine's epoll thread, which then wakes, and queues pool work, for
    /// every response that arrives, even one read synchronously. Completion is checked every millisecond; a connect
    /// is rare and short next to that.
    /// </summary>
    public async ValueTask<Socket> ConnectUnregisteredAsync(CancellationToken ct)
    {
        Close();
        IPAddress[] addresses = IPAddress.TryParse(_host, out IPAddress? literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(_host, ct).ConfigureAwait(false);
        SocketException? failure = null;
        foreach (IPAddress address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, Blocking = false };
            try
            {
                await ConnectPolledAsync(socket, new IPEndPoint(address, _port), ct).ConfigureAwait(false);
                _socket = socket;
                _lastUsed = Stopwatch.GetTimestamp();
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                failure = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw failure ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>Returns an open stream, connecting if there is none or the peer closed the last one.</summary>
    public async ValueTask<NetworkStream> EnsureOpenAsync(CancellationToken ct)
    {
        if (_stream is not null && OpenSocket() is not null)
        {
            return _stream;
        }

        Socket socket = await ConnectAsync(nonBlocking: false, ct).ConfigureAwait(false);
        _stream = new NetworkStream(socket, ownsSocket: true);
        return _stream;
    }

    public void Close()
    {
        if (_stream is not null)
        {
            _stream.Dispose();
        }
        else
        {
            _socket?.Dispose();
        }

        _stream = null;
        _socket = null;
    }

    public ValueTask DisposeAsync()
    {
        Close();
        return ValueTask.CompletedTask;
    }

    private static async ValueTask ConnectPolledAsync(Socket socket, IPEndPoint endpoint, CancellationToken ct)
    {
        try
        {
            socket.Connect(endpoint);
            return;
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress)
        {
            // Under way: writable when done, with SO_ERROR telling how it ended.
        }

        while (!socket.Poll(0, SelectMode.SelectWrite) && !socket.Poll(0, SelectMode.SelectError))
        {
            await Task.Delay(1, ct).ConfigureAwait(false);
        }

        int error = (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        if (error != 0)
        {
            throw new SocketException(error);
        }
    }

    // Readable with nothing to read means the peer sent FIN (or reset): the connection is gone.
    private static bool PeerClosed(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Available == 0;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
    }
}
