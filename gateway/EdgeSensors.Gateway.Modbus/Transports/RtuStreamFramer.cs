using System.Diagnostics;
using System.Net.Sockets;
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
    private readonly TimeSpan _interFrameSilence;
    private readonly byte[] _tx = new byte[ModbusLimits.MaxRtuAduLength];

    // A read response may announce up to 255 data bytes; leave room for that and for stray trailing bytes.
    private readonly byte[] _rx = new byte[512];
    private long _lastActivity;
    private bool _lineDirty;

    public RtuStreamFramer(IRtuLine line, int baud)
    {
        _line = line;
        _interFrameSilence = TimeSpan.FromMicroseconds(RtuFraming.InterFrameDelayMicros(baud));
    }

    public async Task<ModbusStatus> ExchangeAsync(ModbusRequest request, ModbusResponse response, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(response);
        response.Clear();
        if (RequestValidator.Validate(request, serialLine: true) is not null)
        {
            return ModbusStatus.InvalidRequest;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            await _line.OpenAsync(deadline.Token).ConfigureAwait(false);
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
                await _line.DrainAsync(_interFrameSilence, deadline.Token).ConfigureAwait(false);
                _lineDirty = false;
                _lastActivity = Stopwatch.GetTimestamp();
            }

            await KeepInterFrameSilenceAsync(deadline.Token).ConfigureAwait(false);
            int pduLength = ModbusPdu.WriteRequest(request, _tx, RtuFraming.PduOffset);
            int aduLength = RtuFraming.Seal(_tx, request.Unit, pduLength);
            await _line.WriteAsync(_tx, 0, aduLength, deadline.Token).ConfigureAwait(false);

            int expected = 0;
            while (expected == 0 || have < expected)
            {
                int read = await _line.ReadAsync(_rx, have, _rx.Length - have, deadline.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    _line.Close();
                    return ModbusStatus.TransportError;
                }

                have += read;
                _lastActivity = Stopwatch.GetTimestamp();
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

    private static bool IsLineFault(Exception ex) =>
        ex is IOException or SocketException or UnauthorizedAccessException or ObjectDisposedException or InvalidOperationException;

    private async ValueTask KeepInterFrameSilenceAsync(CancellationToken ct)
    {
        TimeSpan quiet = Stopwatch.GetElapsedTime(_lastActivity);
        if (_lastActivity != 0 && quiet < _interFrameSilence)
        {
            await Task.Delay(_interFrameSilence - quiet, ct).ConfigureAwait(false);
        }
    }
}
