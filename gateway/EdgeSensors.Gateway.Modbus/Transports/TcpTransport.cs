using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>
/// Modbus TCP (MBAP framing). Each request gets the next transaction id; a response with another id (a late answer
/// to an earlier, timed-out request) is discarded and counted, and the reader keeps waiting for the right one
/// within the same timeout. The connection is opened on first use and reopened on the request after a drop.
/// </summary>
/// <remarks>
/// The hot path allocates nothing: one send, then the response is awaited as <see cref="ResponseWaitPolicy"/> says
/// (a short blocking poll for a fast peer, else asynchronously) and read with as few receives as the socket allows.
/// The timeout timer is armed only when the wait goes asynchronous.
/// </remarks>
public sealed class TcpTransport : IModbusTransport, IReportsStaleResponses
{
    private readonly TcpConnection _connection;
    private readonly byte[] _tx = new byte[ModbusLimits.MaxTcpAduLength];
    private readonly MbapFrameBuffer _frames = new();
    private readonly ExchangeDeadline _deadline = new();
    private readonly ResponseWaitPolicy _responseWait = new();
    private ushort _transactionId;

    public TcpTransport(string host, int port)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(host);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        Host = host;
        Port = port;
        _connection = new TcpConnection(host, port);
    }

    public string Host { get; }

    public int Port { get; }

    public string Name => "tcp://" + Host + ":" + Port;

    public bool IsSerialLine => false;

    public int StaleResponsesInLastExchange { get; private set; }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ModbusStatus> ExchangeAsync(ModbusRequest request, ModbusResponse response, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        StaleResponsesInLastExchange = 0;
        response.Clear();
        if (RequestValidator.Validate(request, serialLine: false) is not null)
        {
            return ModbusStatus.InvalidRequest;
        }

        long started = Stopwatch.GetTimestamp();
        Socket? socket = _connection.OpenSocket();
        if (socket is null)
        {
            _frames.Clear();
            try
            {
                socket = await _connection.ConnectAsync(nonBlocking: true, _deadline.Arm(timeout, ct)).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                // Refused or unreachable: the link is down, which says nothing about the unit.
                _connection.Close();
                return ModbusStatus.TransportError;
            }
            finally
            {
                _deadline.Disarm();
            }
        }

        ushort transactionId = ++_transactionId;
        int pduLength = ModbusPdu.WriteRequest(request, _tx, TcpFraming.PduOffset);
        int aduLength = TcpFraming.Seal(_tx, transactionId, request.Unit, pduLength);
        try
        {
            await SendAsync(socket, aduLength, ct).ConfigureAwait(false);
            long sent = Stopwatch.GetTimestamp();
            while (true)
            {
                MbapCut cut = _frames.TryTakeFrame(out int frameLength);
                if (cut == MbapCut.Frame)
                {
                    ModbusStatus status = TcpFraming.Open(_frames.Buffer, frameLength, transactionId, request.Unit, out int responsePduLength);
                    if (status == ModbusStatus.WrongTransactionId)
                    {
                        StaleResponsesInLastExchange++;
                        _frames.ConsumeFrame();
                        continue;
                    }

                    _responseWait.Record(Stopwatch.GetElapsedTime(sent));
                    if (status == ModbusStatus.Ok)
                    {
                        status = ModbusPdu.ParseResponse(request, _frames.Buffer, TcpFraming.PduOffset, responsePduLength, response);
                    }

                    _frames.ConsumeFrame();
                    return status;
                }

                if (cut == MbapCut.NotModbus)
                {
                    // Not an MBAP header: we cannot find the next frame boundary, so drop the connection.
                    byte[] header = _frames.Buffer;
                    ModbusStatus status = header[2] != 0 || header[3] != 0 ? ModbusStatus.WrongProtocolId : ModbusStatus.LengthMismatch;
                    CloseConnection();
                    return status;
                }

                int received = await ReceiveAsync(socket, started, timeout, ct).ConfigureAwait(false);
                if (received == 0)
                {
                    throw new EndOfStreamException("the peer closed the connection");
                }

                if (received < 0)
                {
                    return TimedOut(timeout);
                }

                _frames.Received(received);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return TimedOut(timeout);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or EndOfStreamException)
        {
            CloseConnection();
            return ModbusStatus.TransportError;
        }
    }

    public ValueTask DisposeAsync()
    {
        _deadline.Dispose();
        return _connection.DisposeAsync();
    }

    private ModbusStatus TimedOut(TimeSpan timeout)
    {
        _responseWait.Record(timeout);

        // A timeout in the middle of a frame leaves the stream out of step: start afresh next time.
        if (_frames.HasPartialFrame)
        {
            CloseConnection();
        }

        return ModbusStatus.Timeout;
    }

    private void CloseConnection()
    {
        _connection.Close();
        _frames.Clear();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendAsync(Socket socket, int length, CancellationToken ct)
    {
        // A request is at most 260 bytes, so the first send takes it all unless the peer stopped reading long ago.
        int offset = 0;
        while (offset < length)
        {
            offset += await socket.SendAsync(_tx.AsMemory(offset, length - offset), SocketFlags.None, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Receives into the frame buffer: the byte count, 0 when the peer closed, -1 when the timeout passed.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReceiveAsync(Socket socket, long started, TimeSpan timeout, CancellationToken ct)
    {
        TimeSpan remaining = timeout - Stopwatch.GetElapsedTime(started);
        if (remaining <= TimeSpan.Zero)
        {
            return -1;
        }

        int budget = _responseWait.BlockingBudgetMicros(remaining);
        if (budget > 0 && socket.Poll(budget, SelectMode.SelectRead))
        {
            int read = socket.Receive(_frames.FreeSpace.Span, SocketFlags.None, out SocketError error);
            if (error == SocketError.Success)
            {
                return read;
            }

            if (error != SocketError.WouldBlock)
            {
                throw new SocketException((int)error);
            }
        }

        remaining = timeout - Stopwatch.GetElapsedTime(started);
        if (remaining <= TimeSpan.Zero)
        {
            return -1;
        }

        CancellationToken deadline = _deadline.Arm(remaining, ct);
        try
        {
            return await socket.ReceiveAsync(_frames.FreeSpace, SocketFlags.None, deadline).ConfigureAwait(false);
        }
        finally
        {
            _deadline.Disarm();
        }
    }
}
