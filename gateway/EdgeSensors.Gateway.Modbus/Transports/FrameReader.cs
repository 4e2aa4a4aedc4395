using EdgeSensors.Modbus.Framing;

namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>Reads one MBAP frame at a time into a buffer and remembers whether a frame is half read. One per transport, reused.</summary>
internal sealed class FrameReader
{
    private readonly byte[] _buffer;
    private Stream _stream = Stream.Null;

    public FrameReader(byte[] buffer)
    {
        _buffer = buffer;
    }

    /// <summary>Starts reading from this connection's stream.</summary>
    public void Attach(Stream stream)
    {
        _stream = stream;
        MidFrame = false;
        FrameLength = 0;
    }

    /// <summary>True while some but not all bytes of a frame were read.</summary>
    public bool MidFrame { get; private set; }

    public int FrameLength { get; private set; }

    public async ValueTask ReadHeaderAsync(CancellationToken ct)
    {
        MidFrame = false;
        FrameLength = 0;
        await ReadExactlyAsync(0, TcpFraming.HeaderLength, ct).ConfigureAwait(false);
    }

    public async ValueTask ReadBodyAsync(int frameLength, CancellationToken ct)
    {
        MidFrame = true;
        await ReadExactlyAsync(TcpFraming.HeaderLength, frameLength - TcpFraming.HeaderLength, ct).ConfigureAwait(false);
        FrameLength = frameLength;
        MidFrame = false;
    }

    private async ValueTask ReadExactlyAsync(int offset, int count, CancellationToken ct)
    {
        int end = offset + count;
        while (offset < end)
        {
            int read = await _stream.ReadAsync(_buffer.AsMemory(offset, end - offset), ct).ConfigureAwait(false);
            if (read == 0)
            {
                throw new EndOfStreamException("the peer closed the connection");
            }

            offset += read;
            MidFrame = true;
        }
    }
}
