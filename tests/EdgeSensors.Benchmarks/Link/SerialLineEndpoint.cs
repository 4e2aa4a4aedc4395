namespace EdgeSensors.Benchmarks.Link;

/// <summary>
/// One end of a <see cref="PacedSerialLine"/> as a Stream, the way a serial port looks to a transport: each
/// Write is one frame handed to the line; reads return whatever bytes have arrived, waiting for at least one.
/// </summary>
public sealed class SerialLineEndpoint : Stream
{
    private readonly PacedSerialLine _line;
    private readonly object _gate = new();
    private readonly Queue<byte> _received = new();
    private readonly SemaphoreSlim _arrived = new(0, 1);
    private bool _disposed;

    internal SerialLineEndpoint(PacedSerialLine line, string name)
    {
        _line = line;
        Name = name;
    }

    public string Name { get; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        return ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            lock (_gate)
            {
                if (_received.Count > 0)
                {
                    int n = Math.Min(buffer.Length, _received.Count);
                    var span = buffer.Span;
                    for (int i = 0; i < n; i++)
                    {
                        span[i] = _received.Dequeue();
                    }

                    return n;
                }

                if (_disposed)
                {
                    return 0;
                }
            }

            await _arrived.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        _line.Send(this, buffer.AsSpan(offset, count));
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _line.Send(this, buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Write(buffer, offset, count);
        return Task.CompletedTask;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Drops bytes not yet read, like DiscardInBuffer on a serial port.</summary>
    public void DiscardReceived()
    {
        lock (_gate)
        {
            _received.Clear();
        }
    }

    internal void Deliver(byte value)
    {
        lock (_gate)
        {
            _received.Enqueue(value);
        }

        Signal();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            lock (_gate)
            {
                _disposed = true;
            }

            Signal();
        }

        base.Dispose(disposing);
    }

    private void Signal()
    {
        try
        {
            _arrived.Release();
        }
        catch (SemaphoreFullException)
        {
            // A wake-up is already pending; the reader drains everything that arrived.
        }
    }
}
