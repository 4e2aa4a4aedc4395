using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>What <see cref="MbapFrameBuffer.TryTakeFrame"/> found at the front of the buffer.</summary>
internal enum MbapCut
{
    /// <summary>Not a whole frame yet: receive more.</summary>
    Incomplete,

    /// <summary>A whole frame at offset 0.</summary>
    Frame,

    /// <summary>The header is not Modbus: no frame boundary can be found any more.</summary>
    NotModbus,
}

/// <summary>
/// Bytes received on a Modbus TCP connection, cut into MBAP frames. A receive takes whatever the socket holds
/// (usually a whole response in one call, where reading header and body separately costs two); bytes past the frame
/// in hand, such as a late answer queued behind it, stay for the next cut. One per transport, reused.
/// </summary>
internal sealed class MbapFrameBuffer
{
    private readonly byte[] _buffer = new byte[2 * ModbusLimits.MaxTcpAduLength];
    private int _filled;
    private int _frameLength;

    /// <summary>The frame found by the last <see cref="TryTakeFrame"/> starts at index 0.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>True while bytes of an unfinished frame are held: after a timeout the stream is out of step.</summary>
    public bool HasPartialFrame => _filled > _frameLength;

    /// <summary>Where the next receive writes.</summary>
    public Memory<byte> FreeSpace => _buffer.AsMemory(_filled);

    public void Received(int count) => _filled += count;

    /// <summary>Forgets everything (a new connection).</summary>
    public void Clear()
    {
        _filled = 0;
        _frameLength = 0;
    }

    /// <summary>Looks for a whole frame at the front. A frame found stays there until <see cref="ConsumeFrame"/>.</summary>
    public MbapCut TryTakeFrame(out int length)
    {
        length = 0;
        if (_filled < TcpFraming.HeaderLength)
        {
            return MbapCut.Incomplete;
        }

        int frameLength = TcpFraming.FrameLength(_buffer);
        if (frameLength < 0)
        {
            return MbapCut.NotModbus;
        }

        if (_filled < frameLength)
        {
            return MbapCut.Incomplete;
        }

        _frameLength = frameLength;
        length = frameLength;
        return MbapCut.Frame;
    }

    /// <summary>Drops the frame at the front and moves what follows it (rarely anything) to the start.</summary>
    public void ConsumeFrame()
    {
        int rest = _filled - _frameLength;
        if (rest > 0)
        {
            System.Buffer.BlockCopy(_buffer, _frameLength, _buffer, 0, rest);
        }

        _filled = rest;
        _frameLength = 0;
    }
}
