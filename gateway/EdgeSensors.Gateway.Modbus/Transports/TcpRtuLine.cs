using System.Diagnostics;

namespace EdgeSensors.Gateway.Modbus.Transports;

/// <summary>An RTU line carried over TCP to a serial device server; reconnects on the next use after a drop.</summary>
internal sealed class TcpRtuLine : IRtuLine, IAsyncDisposable
{
    private readonly TcpConnection _connection;
    private readonly byte[] _sink = new byte[256];
    private Stream _stream = Stream.Null;

    public TcpRtuLine(string host, int port)
    {
        _connection = new TcpConnection(host, port);
    }

    public bool IsOpen => _stream != Stream.Null && _connection.OpenSocket() is not null;

    public async ValueTask OpenAsync(CancellationToken ct)
    {
        _stream = await _connection.EnsureOpenAsync(ct).ConfigureAwait(false);
    }

    public ValueTask<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        _stream.ReadAsync(buffer.AsMemory(offset, count), ct);

    public ValueTask WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
        _stream.WriteAsync(buffer.AsMemory(offset, count), ct);

    public async ValueTask DrainAsync(LineSilence silence, CancellationToken ct)
    {
        // Reads only what is already there, so draining never blocks on a quiet line.
        byte[] sink = _sink;
        while (true)
        {
            await silence.WaitSinceAsync(Stopwatch.GetTimestamp()).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            int available = _connection.Available;
            if (available == 0)
            {
                return;
            }

            while (available > 0)
            {
                int read = await _stream.ReadAsync(sink.AsMemory(0, Math.Min(available, sink.Length)), ct).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                available -= read;
            }
        }
    }

    public void Close()
    {
        _connection.Close();
        _stream = Stream.Null;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
