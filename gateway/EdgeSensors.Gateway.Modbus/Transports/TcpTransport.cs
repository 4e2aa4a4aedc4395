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
/// (for a fast peer a short blocking wait: on Linux one recv() bounded by SO_RCVTIMEO, see
/// <see cref="KernelTimedReceive"/>, elsewhere poll() then recv(); else asynchronously) and read with as few receives
/// as the socket allows.
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

    // True while this connection's responses may be awaited with KernelTimedReceive (blocking descriptor, never
    // handed to the socket engine); the socket's SO_RCVTIMEO as last set, in microseconds.
    private bool _kernelTimedReceive;
    private int _receiveTimeoutMicros;

    // When the last exchange ended (Stopwatch ticks), to tell back-to-back requests from paced polls.
    private long _lastExchangeEnded;

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

    public string Name => "tcp://" + HostPortText.Format(Host, Port);

    public bool IsSerialLine => false;

    public int StaleResponsesInLastExchange { get; private set; }

    /// <summary>
    /// How long opening the connection may take (default 3 s; the request timeout when that is longer). Kept apart from
    /// the response timeout because a handshake through a cellular router or VPN is often slower than a Modbus answer
    /// (a 100 ms scan probe must not call such a link dead). The response timeout starts once the link is up.
    /// </summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Whether a response from a peer that usually answers within <see cref="ResponseWaitPolicy.MaxSpinMicros"/> us is
    /// spun for before the thread blocks (default true; see <see cref="ResponseWaitPolicy"/>). Off trades that
    /// latency for CPU.
    /// </summary>
    public bool SpinForFastPeers { get; init; } = true;

    /// <summary>Transports waiting for a response right now, in the whole process: only a lone one spins (see <see cref="Spin"/>).</summary>
    private static int _waiting;

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
        double idleMicros = Stopwatch.GetElapsedTime(_lastExchangeEnded, started).TotalMicroseconds;
        Socket? socket = _connection.OpenSocket();
        if (socket is null)
        {
            _frames.Clear();
            try
            {
                TimeSpan connectTimeout = ConnectTimeout > timeout ? ConnectTimeout : timeout;
                socket = await _connection.ConnectUnregisteredAsync(_deadline.Arm(connectTimeout, ct)).ConfigureAwait(false);
                PrepareKernelTimedReceive(socket);
                started = Stopwatch.GetTimestamp();
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

                    if (status == ModbusStatus.Ok)
                    {
                        status = ModbusPdu.ParseResponse(request, _frames.Buffer, TcpFraming.PduOffset, responsePduLength, response);
                    }

                    _frames.ConsumeFrame();
                    _lastExchangeEnded = Stopwatch.GetTimestamp();
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

                int received = await ReceiveAsync(socket, started, timeout, idleMicros, ct).ConfigureAwait(false);
                if (received == 0)
                {
                    throw new EndOfStreamException("the peer closed the connection");
                }

                if (received < 0)
                {
                    return TimedOut();
                }

                _frames.Received(received);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return TimedOut();
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

    private ModbusStatus TimedOut()
    {
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
        // A request is at most 260 bytes, so a synchronous send takes it all unless the peer stopped reading long ago;
        // only then does the send go through the socket engine.
        int offset = socket.Send(_tx, 0, length, SocketFlags.None, out SocketError error);
        if (error is not (SocketError.Success or SocketError.WouldBlock))
        {
            throw new SocketException((int)error);
        }

        while (offset < length)
        {
            offset += await socket.SendAsync(_tx.AsMemory(offset, length - offset), SocketFlags.None, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Receives into the frame buffer: the byte count, 0 when the peer closed, -1 when the timeout passed.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> ReceiveAsync(Socket socket, long started, TimeSpan timeout, double idleMicros, CancellationToken ct)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            return await WaitForResponseAsync(socket, started, timeout, idleMicros, ct).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<int> WaitForResponseAsync(Socket socket, long started, TimeSpan timeout, double idleMicros, CancellationToken ct)
    {
        TimeSpan remaining = timeout - Stopwatch.GetElapsedTime(started);
        if (remaining <= TimeSpan.Zero)
        {
            return -1;
        }

        if (_responseWait.ShouldBlock())
        {
            // A short spin for a peer that usually answers at once, then blocking slices while the policy's
            // patience lasts; queued pool work is let in between them.
            long waitStarted = Stopwatch.GetTimestamp();
            int spun = SpinForFastPeers ? Spin(socket, waitStarted, _responseWait.SpinMicros(idleMicros, (int)ThreadPool.PendingWorkItemCount)) : -1;
            if (spun >= 0)
            {
                _responseWait.RecordBlockingWait(answered: true);
                _responseWait.RecordAnswer(Stopwatch.GetElapsedTime(waitStarted).TotalMicroseconds);
                return spun;
            }

            while (true)
            {
                int slice = (int)Math.Clamp(remaining.TotalMicroseconds, 1, ResponseWaitPolicy.SliceMicros);
                int received = ReceiveWithin(socket, slice);
                if (received >= 0)
                {
                    _responseWait.RecordBlockingWait(answered: true);
                    _responseWait.RecordAnswer(Stopwatch.GetElapsedTime(waitStarted).TotalMicroseconds);
                    return received;
                }

                remaining = timeout - Stopwatch.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    _responseWait.RecordBlockingWait(answered: false);
                    return -1;
                }

                if (Stopwatch.GetElapsedTime(waitStarted).TotalMicroseconds >= ResponseWaitPolicy.PatienceMicros)
                {
                    break;
                }

                if (ThreadPool.PendingWorkItemCount > 0)
                {
                    // To the pool, not back to the caller's synchronization context.
                    await Task.CompletedTask.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
                }
            }

            _responseWait.RecordBlockingWait(answered: false);

            // Late for a usually fast peer: look once per timer tick, still without the socket engine.
            while (true)
            {
                await Task.Delay(1, ct).ConfigureAwait(false);
                if (socket.Poll(0, SelectMode.SelectRead))
                {
                    return ReceiveAvailable(socket);
                }

                if (Stopwatch.GetElapsedTime(started) >= timeout)
                {
                    return -1;
                }
            }
        }

        // A slow peer: wait through the socket engine (this registers the socket with it for good, and makes its
        // descriptor non-blocking, which ends the kernel-timed receives on this connection).
        _kernelTimedReceive = false;
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

    private void PrepareKernelTimedReceive(Socket socket)
    {
        _kernelTimedReceive = false;
        if (!KernelTimedReceive.IsSupported)
        {
            return;
        }

        try
        {
            // Connected without the socket engine, so the descriptor can be switched to blocking mode for recv().
            KernelTimedReceive.MakeDescriptorBlocking(socket);
            KernelTimedReceive.SetTimeout(socket, ResponseWaitPolicy.SliceMicros);
            _receiveTimeoutMicros = ResponseWaitPolicy.SliceMicros;
            _kernelTimedReceive = true;
        }
        catch (Exception ex) when (ex is SocketException or IOException)
        {
            // The poll() path below works on any socket.
        }
    }

    /// <summary>
    /// Reads without blocking until data comes or <paramref name="micros"/> have passed: the byte count (0: the peer
    /// closed), or -1 when none came. Only on the kernel-timed path, whose descriptor the socket engine never saw.
    /// </summary>
    private int Spin(Socket socket, long waitStarted, int micros)
    {
        if (micros <= 0 || !_kernelTimedReceive)
        {
            return -1;
        }

        // Only a lone waiter spins: with many buses (one per TCP instrument) a spinning thread takes the core that the
        // peers and the other buses need. Measured with 60 buses flat out on 2 cores: 11.3 CPU-us per reading with
        // every bus spinning, 7.2 with none (tests/bench/nodered-compare.sh BUSES=per-device).
        if (Volatile.Read(ref _waiting) > 1)
        {
            return -1;
        }

        long limit = waitStarted + (long)(micros * (Stopwatch.Frequency / 1e6));
        do
        {
            int received = KernelTimedReceive.ReceiveNow(socket, _frames.FreeSpace.Span);
            if (received >= 0)
            {
                return received;
            }

            Thread.SpinWait(8);
        }
        while (Stopwatch.GetTimestamp() < limit);

        return -1;
    }

    /// <summary>Waits at most <paramref name="micros"/> for data: the byte count read (0: the peer closed), or -1 when none came.</summary>
    private int ReceiveWithin(Socket socket, int micros)
    {
        if (_kernelTimedReceive)
        {
            if (micros != _receiveTimeoutMicros)
            {
                KernelTimedReceive.SetTimeout(socket, micros);
                _receiveTimeoutMicros = micros;
            }

            return KernelTimedReceive.Receive(socket, _frames.FreeSpace.Span);
        }

        return socket.Poll(micros, SelectMode.SelectRead) ? ReceiveAvailable(socket) : -1;
    }

    private int ReceiveAvailable(Socket socket)
    {
        // Readable: data, end of stream or an error is there, so this returns at once.
        int read = socket.Receive(_frames.FreeSpace.Span, SocketFlags.None, out SocketError error);
        if (error != SocketError.Success)
        {
            throw new SocketException((int)error);
        }

        return read;
    }
}
