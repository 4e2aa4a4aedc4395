using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Server;

/// <summary>
/// A Modbus TCP server for the simulator and tests: many clients, each connection served by its own loop, so a
/// slow handler on one connection never holds up another. Requests on one connection are answered in order.
/// </summary>
public sealed class ModbusTcpServer : IAsyncDisposable
{
    private readonly IModbusRequestHandler _handler;
    private readonly ConcurrentDictionary<Socket, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _stopped;

    public ModbusTcpServer(IPEndPoint endpoint, IModbusRequestHandler handler)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(handler);
        Endpoint = endpoint;
        _handler = handler;
    }

    /// <summary>The endpoint asked for (port 0: any free port).</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>The bound endpoint once started, with the real port.</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint?)_listener?.LocalEndpoint ?? throw new InvalidOperationException("the server is not started");

    /// <summary>Connections currently open.</summary>
    public int ConnectionCount => _connections.Count;

    public Task StartAsync(CancellationToken ct = default)
    {
        ct.ThrowIfCancellationRequested();
        if (_listener is not null)
        {
            throw new InvalidOperationException("the server is already started");
        }

        _listener = new TcpListener(Endpoint);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync(_listener, _stopping.Token);
        return Task.CompletedTask;
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        foreach (Socket socket in _connections.Keys)
        {
            socket.Dispose();
        }

        try
        {
            await _acceptLoop.ConfigureAwait(false);
            await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException or IOException)
        {
            // Expected while tearing down.
        }

        _stopping.Dispose();
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptSocketAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;

            // Registered before it runs, so a connection that ends at once is still removed from the table.
            _connections.TryAdd(socket, Task.CompletedTask);
            Task serving = ServeAsync(socket, ct);
            _connections.TryUpdate(socket, serving, Task.CompletedTask);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken ct)
    {
        await Task.Yield(); // let the accept loop go on at once
        var stream = new NetworkStream(socket, ownsSocket: true);
        var rx = new byte[ModbusLimits.MaxTcpAduLength];
        var tx = new byte[ModbusLimits.MaxTcpAduLength];
        var exchange = new ServerExchange();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (!await TryReadExactlyAsync(stream, rx, 0, TcpFraming.HeaderLength, ct).ConfigureAwait(false))
                {
                    return;
                }

                int frameLength = TcpFraming.FrameLength(rx);
                if (frameLength < 0 || !await TryReadExactlyAsync(stream, rx, TcpFraming.HeaderLength, frameLength - TcpFraming.HeaderLength, ct).ConfigureAwait(false))
                {
                    return; // not Modbus, or closed mid-frame
                }

                ServerAction action = await HandleAsync(rx, frameLength, exchange, ct).ConfigureAwait(false);
                if (action == ServerAction.DropConnection)
                {
                    return;
                }

                int length = Frame(action, TcpFraming.TransactionId(rx), exchange, tx);
                if (length > 0)
                {
                    await stream.WriteAsync(tx.AsMemory(0, length), ct).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // The client went away or the server is stopping.
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            _connections.TryRemove(socket, out _);
        }
    }

    private async ValueTask<ServerAction> HandleAsync(byte[] rx, int frameLength, ServerExchange exchange, CancellationToken ct)
    {
        byte unit = rx[6];
        exchange.Unit = unit;
        exchange.Request.Unit = unit;
        exchange.ResponseLength = 0;
        ExceptionCode malformed = ModbusPdu.ParseRequest(rx, TcpFraming.PduOffset, frameLength - TcpFraming.HeaderLength, exchange.Request);
        if (malformed != ExceptionCode.None)
        {
            exchange.ResponseLength = ModbusPdu.WriteExceptionResponse(rx[TcpFraming.PduOffset], malformed, exchange.ResponsePdu, 0);
            return ServerAction.Reply;
        }

        return await _handler.HandleAsync(exchange, ct).ConfigureAwait(false);
    }

    private static int Frame(ServerAction action, ushort transactionId, ServerExchange exchange, byte[] tx)
    {
        switch (action)
        {
            case ServerAction.Reply:
            case ServerAction.CorruptCrc:
                Array.Copy(exchange.ResponsePdu, 0, tx, TcpFraming.PduOffset, exchange.ResponseLength);
                if (action == ServerAction.CorruptCrc)
                {
                    FaultInjection.CorruptPdu(tx, TcpFraming.PduOffset, exchange.ResponseLength);
                }

                return TcpFraming.Seal(tx, transactionId, exchange.Unit, exchange.ResponseLength);
            case ServerAction.Garbage:
                return FaultInjection.Garbage(tx);
            default:
                return 0;
        }
    }

    private static async ValueTask<bool> TryReadExactlyAsync(Stream stream, byte[] buffer, int offset, int count, CancellationToken ct)
    {
        int end = offset + count;
        while (offset < end)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(offset, end - offset), ct).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            offset += read;
        }

        return true;
    }
}
