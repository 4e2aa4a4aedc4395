using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Node.Polling;

/// <summary>
/// One request/response exchange on the RTU line, stepped without blocking: <see cref="Start"/> writes the frame,
/// <see cref="Poll"/> collects what has arrived and finishes when the response is complete (its length is known from
/// its header) or the deadline has passed. Buffers are allocated once; an exchange allocates nothing.
/// </summary>
internal sealed class RtuTransaction
{
    private const int MaxAdu = 260; // 3 + 255 data bytes + CRC: the longest response a byte count can announce

    private readonly byte[] _tx = new byte[MaxAdu];
    private readonly byte[] _rx = new byte[MaxAdu];
    private int _have;
    private long _deadlineMs;
    private int _timeoutMs;

    public ModbusRequest Request { get; } = new ModbusRequest(1, 1);

    public ModbusResponse Response { get; } = new ModbusResponse(ModbusLimits.MaxReadRegisters, 1);

    /// <summary>The outcome once <see cref="Poll"/> returned true.</summary>
    public ModbusStatus Status { get; private set; }

    /// <summary>Sends <see cref="Request"/>; false (with <see cref="Status"/> TransportError) when the line refused it.</summary>
    public bool Start(IRtuLine line, long nowMs, int timeoutMs)
    {
        Response.Clear();
        _have = 0;
        _timeoutMs = timeoutMs;
        _deadlineMs = nowMs + timeoutMs;
        int pduLength = ModbusPdu.WriteRequest(Request, _tx, RtuFraming.PduOffset);
        int length = RtuFraming.Seal(_tx, Request.Unit, pduLength);
        line.DiscardInput();
        if (!line.Write(_tx, 0, length))
        {
            Status = ModbusStatus.TransportError;
            return false;
        }

        Status = ModbusStatus.Timeout;
        return true;
    }

    /// <summary>True when the exchange is over; then <see cref="Status"/> and <see cref="Response"/> hold the outcome.</summary>
    public bool Poll(IRtuLine line, long nowMs)
    {
        if (_have < MaxAdu)
        {
            _have += line.Read(_rx, _have, MaxAdu - _have);
        }

        int expected = RtuFraming.ResponseLength(_rx, _have);
        if (expected < 0)
        {
            Status = ModbusStatus.WrongFunction;
            return true;
        }

        if (expected > 0 && _have >= expected)
        {
            Status = Parse(expected);
            return true;
        }

        // A clock stepped back (SNTP) must not stretch the wait: the deadline is never further than one timeout away.
        if (_deadlineMs - nowMs > _timeoutMs)
        {
            _deadlineMs = nowMs + _timeoutMs;
        }

        if (nowMs >= _deadlineMs)
        {
            Status = ModbusStatus.Timeout;
            return true;
        }

        return false;
    }

    private ModbusStatus Parse(int length)
    {
        ModbusStatus status = RtuFraming.Open(_rx, length, Request.Unit, out int pduLength);
        if (status != ModbusStatus.Ok)
        {
            return status;
        }

        return ModbusPdu.ParseResponse(Request, _rx, RtuFraming.PduOffset, pduLength, Response);
    }
}
