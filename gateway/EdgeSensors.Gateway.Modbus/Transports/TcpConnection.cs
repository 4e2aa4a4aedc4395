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
    private Socket? _socket;
    private NetworkStream? _stream;

    public TcpConnection(string host, int port)
    {
        _host = host;
        _port = port;
    }

    /// <summary>Bytes waiting to be read without blocking.</summary>
    public int Available => _socket?.Available ?? 0;

    /// <summary>
    /// The connected socket, or null when there is none or the peer has closed it since the last use (then it is
    /// closed here too). One poll() per call, so an idle connection the device dropped is replaced before a request is lost on it.
    /// </summary>
    public Socket? OpenSocket()
    {
        if (_socket is null)
        {
            return null;
        }

        if (PeerClosed(_socket))
        {
            Close();
            return null;
        }

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
