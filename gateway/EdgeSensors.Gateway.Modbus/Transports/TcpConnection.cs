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

    /// <summary>Returns an open stream, connecting if there is none or the peer closed the last one.</summary>
    public async ValueTask<NetworkStream> EnsureOpenAsync(CancellationToken ct)
    {
        if (_stream is not null && !PeerClosed(_socket!))
        {
            return _stream;
        }

        Close();
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(_host, _port, ct).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        return _stream;
    }

    /// <summary>Bytes waiting to be read without blocking.</summary>
    public int Available => _socket?.Available ?? 0;

    public void Close()
    {
        _stream?.Dispose();
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
