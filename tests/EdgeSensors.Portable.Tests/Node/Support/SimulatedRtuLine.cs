using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Node.Polling;

namespace EdgeSensors.Portable.Tests.Node.Support;

/// <summary>
/// An RS-485 line with in-memory Modbus units behind it, answering with the shared codec. Units can be silent, corrupt
/// their CRC or answer with an exception; answers can be held back for a number of reads (a slow unit). Allocates
/// nothing per exchange, so the node's allocation test can run over it.
/// </summary>
internal sealed class SimulatedRtuLine : IRtuLine
{
    private readonly ushort[][] _holding = new ushort[248][];
    private readonly ushort[][] _input = new ushort[248][];
    private readonly bool[] _silent = new bool[248];
    private readonly bool[] _corrupt = new bool[248];
    private readonly ExceptionCode[] _exception = new ExceptionCode[248];
    private readonly ModbusRequest _request = new ModbusRequest(1, 1);
    private readonly ushort[] _values = new ushort[ModbusLimits.MaxReadRegisters];
    private readonly byte[] _answer = new byte[260];
    private int _answerLength;
    private int _answerRead;
    private int _holdReads;

    public int Frames { get; private set; }

    /// <summary>Reads that return nothing before an answer comes out.</summary>
    public int DelayReads { get; set; }

    public SimulatedRtuLine AddUnit(byte unit)
    {
        _holding[unit] = new ushort[1024];
        _input[unit] = new ushort[1024];
        return this;
    }

    public void SetHolding(byte unit, int address, params ushort[] values) => Array.Copy(values, 0, _holding[unit], address, values.Length);

    public void SetInput(byte unit, int address, params ushort[] values) => Array.Copy(values, 0, _input[unit], address, values.Length);

    public void SetSilent(byte unit, bool silent) => _silent[unit] = silent;

    public void SetCorruptCrc(byte unit, bool corrupt) => _corrupt[unit] = corrupt;

    public void SetException(byte unit, ExceptionCode code) => _exception[unit] = code;

    public void DiscardInput()
    {
        _answerLength = 0;
        _answerRead = 0;
    }

    /// <summary>When set, records the unit each frame was addressed to, in the order sent (off by default: the allocation test counts every byte).</summary>
    public List<byte>? SentTo { get; set; }

    public bool Write(byte[] frame, int offset, int count)
    {
        Frames++;
        SentTo?.Add(count > 0 ? frame[offset] : (byte)0);
        _answerLength = 0;
        _answerRead = 0;
        _holdReads = DelayReads;
        if (offset != 0 || !Crc16.Check(frame, 0, count))
        {
            return true;
        }

        byte unit = frame[0];
        if (_holding[unit] == null || _silent[unit])
        {
            return true;
        }

        ExceptionCode code = ModbusPdu.ParseRequest(frame, 1, count - 3, _request);
        if (code == ExceptionCode.None && _exception[unit] != ExceptionCode.None)
        {
            code = _exception[unit];
        }

        int pdu;
        if (code != ExceptionCode.None)
        {
            pdu = ModbusPdu.WriteExceptionResponse(frame[1], code, _answer, 1);
        }
        else
        {
            ushort[] bank = _request.Function == FunctionCode.ReadInputRegisters ? _input[unit] : _holding[unit];
            Array.Copy(bank, _request.Address, _values, 0, _request.Quantity);
            pdu = ModbusPdu.WriteRegistersResponse(_request.Function, _values, _request.Quantity, _answer, 1);
        }

        _answerLength = RtuFraming.Seal(_answer, unit, pdu);
        if (_corrupt[unit])
        {
            _answer[_answerLength - 1] ^= 0x5A;
        }

        return true;
    }

    public int Read(byte[] buffer, int offset, int count)
    {
        if (_holdReads > 0)
        {
            _holdReads--;
            return 0;
        }

        int n = Math.Min(count, _answerLength - _answerRead);
        Array.Copy(_answer, _answerRead, buffer, offset, n);
        _answerRead += n;
        return n;
    }
}
