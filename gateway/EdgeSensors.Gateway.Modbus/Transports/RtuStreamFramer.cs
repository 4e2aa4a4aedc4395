using System.Diagnostics;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>
/// RTU framing over a byte line, shared by RTU over serial and RTU over TCP: keeps t3.5 of silence before each
/// request, stops reading as soon as <see cref="RtuFraming.ResponseLength"/> says the response is complete, and
/// drains the line after a bad or late frame so its leftovers cannot be taken for the next response.
/// </summary>
internal sealed class RtuStreamFramer
{
    private readonly IRtuLine _line;
    private readonly LineSilence _interFrameSilence;
    private readonly long _characterTicks;
    private readonly byte[] _tx = new byte[ModbusLimits.MaxRtuAduLength];

    // A read response may announce up to 255 data bytes; leave room for that and for stray trailing bytes.
    private readonly byte[] _rx = new byte[512];
    private readonly ExchangeDeadline _deadline = new();

    // When the line was last busy as far as this master can tell (Stopwatch timestamp; 0 = never).
    private long _lastActivity;
    private bool _lineDirty;

    public RtuStreamFramer(IRtuLine line, int baud)
    {
        _line = line;
        _interFrameSilence = new LineSilence(TimeSpan.FromMicroseconds(RtuFraming.InterFrameDelayMicros(baud)));

        // 11 bits per character: start, 8 data, parity or a second stop bit, stop.
        _characterTicks = 11 * Stopwatch.Frequency / baud;
    }

    /// <summary>
    /// The longest an exchange waits for the line to open (a TCP connect to a serial device server), or the response
    /// timeout if that is longer: a handshake through a router or VPN is often slower than a Modbus answer. The
    /// response timeout starts once the line is open.
    /// </summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(3);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ModbusStatus> ExchangeAsync(ModbusRequest request, ModbusResponse response, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        response.Clear();
        if (RequestValidator.Validate(request, serialLine: true) is not null)
        {
            return ModbusStatus.InvalidRequest;
        }

        if (!_line.IsOpen)
        {
            CancellationToken openDeadline = _deadline.Arm(ConnectTimeout > timeout ? ConnectTimeout : timeout, ct);
            try
            {
                await _line.OpenAsync(openDeadline).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsLineFault(ex) || (ex is OperationCanceledException && !ct.IsCancellationRequested))
            {
                _line.Close();
                return ModbusStatus.TransportError;
            }
            finally
            {
                _deadline.Disarm();
            }
        }

        CancellationToken deadline = _deadline.Arm(timeout, ct);
        try
        {
            return await ExchangeWithinAsync(request, response, ct, deadline).ConfigureAwait(false);
        }
        finally
        {
            _deadline.Disarm();
        }
    }

    private static bool IsLineFault(Exception ex) =>
        ex is IOException or SocketException or UnauthorizedAccessException or ObjectDisposedException or InvalidOperationException;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ModbusStatus> ExchangeWithinAsync(ModbusRequest request, ModbusResponse response, CancellationToken ct, CancellationToken deadline)
    {
        try
        {
            await _line.OpenAsync(deadline).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsLineFault(ex) || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            _line.Close();
            return ModbusStatus.TransportError;
        }

        int have = 0;
        try
        {
            if (_lineDirty)
            {
                await _line.DrainAsync(_interFrameSilence, deadline).ConfigureAwait(false);
                _lineDirty = false;

                // Not earlier than the end of the last request on the wire, which may not have left yet.
                _lastActivity = Math.Max(_lastActivity, Stopwatch.GetTimestamp());
            }

            if (_lastActivity != 0)
            {
                // Short (at most 32 ms, at 1200 baud), so it is not cancellable; the deadline is checked after it.
                await _interFrameSilence.WaitSinceAsync(_lastActivity).ConfigureAwait(false);
                deadline.ThrowIfCancellationRequested();
            }

            int pduLength = ModbusPdu.WriteRequest(request, _tx, RtuFraming.PduOffset);
            int aduLength = RtuFraming.Seal(_tx, request.Unit, pduLength);
            await _line.WriteAsync(_tx, 0, aduLength, deadline).ConfigureAwait(false);

            // The request is on the wire until its last character has gone, at the earliest; if no answer comes,
            // the next request's silence counts from then.
            _lastActivity = Stopwatch.GetTimestamp() + (aduLength * _characterTicks);

            int expected = 0;
            while (expected == 0 || have < expected)
            {
                int read = await _line.ReadAsync(_rx, have, _rx.Length - have, deadline).ConfigureAwait(false);
                if (read == 0)
                {
                    _line.Close();
                    return ModbusStatus.TransportError;
                }

                have += read;
                _lastActivity = Math.Max(_lastActivity, Stopwatch.GetTimestamp());
                expected = RtuFraming.ResponseLength(_rx, have);
                if (expected < 0 || expected > _rx.Length)
                {
                    _lineDirty = true;
                    return ModbusStatus.WrongFunction;
                }
            }

            if (have > expected)
            {
                _lineDirty = true; // noise or a stray frame after the response
            }

            ModbusStatus status = RtuFraming.Open(_rx, expected, request.Unit, out int responsePduLength);
            if (status != ModbusStatus.Ok)
            {
                _lineDirty = true;
                return status;
            }

            return ModbusPdu.ParseResponse(request, _rx, RtuFraming.PduOffset, responsePduLength, response);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The rest of this response, or a late one, may still arrive: clear the line before the next request.
            _lineDirty = true;
            return have > 0 ? ModbusStatus.Truncated : ModbusStatus.Timeout;
        }
        catch (Exception ex) when (IsLineFault(ex))
        {
            _lineDirty = true;
            _line.Close();
            return ModbusStatus.TransportError;
        }
    }
}
