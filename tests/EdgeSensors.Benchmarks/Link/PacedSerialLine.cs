using System.Diagnostics;

namespace EdgeSensors.Benchmarks.Link;

/// <summary>
/// An in-process RS-485 line between a master and a device that takes real wire time: a byte arrives one
/// character time (11 bits / baud) after the previous one ends, and a frame (one Write) starts no sooner than
/// t3.5 after the line last carried a byte. The line is half duplex, so one dedicated thread carries both
/// directions and times bytes by spin-waiting on the high-resolution clock (timers are far too coarse at 115200).
/// </summary>
public sealed class PacedSerialLine : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<PendingFrame> _pending = new();
    private readonly Thread _wire;
    private readonly long _characterTicks;
    private readonly long _frameGapTicks;
    private long _lineIdleSince;
    private SerialLineEndpoint? _lastTo;
    private bool _stopped;

    public PacedSerialLine(int baud, int frameGapMicros)
    {
        Baud = baud;
        _characterTicks = MicrosToTicks(11_000_000.0 / baud);
        _frameGapTicks = MicrosToTicks(frameGapMicros);
        Master = new SerialLineEndpoint(this, "master");
        Device = new SerialLineEndpoint(this, "device");
        _lineIdleSince = Stopwatch.GetTimestamp() - _frameGapTicks;
        _wire = new Thread(CarryBytes) { IsBackground = true, Name = "paced-serial-line", Priority = ThreadPriority.Highest };
        _wire.Start();
    }

    public int Baud { get; }

    /// <summary>The master's end of the line.</summary>
    public SerialLineEndpoint Master { get; }

    /// <summary>The device's end of the line.</summary>
    public SerialLineEndpoint Device { get; }

    /// <summary>Frames (not continuation chunks) that had to be held back because the sender broke the t3.5 silence (it should wait itself).</summary>
    public long GapViolations { get; private set; }

    /// <summary>The part of <see cref="GapViolations"/> sent by the master.</summary>
    public long MasterGapViolations { get; private set; }

    /// <summary>Frames queued while the other side was still talking: a collision on a real half-duplex line.</summary>
    public long Collisions { get; private set; }

    /// <summary>The largest amount by which a frame came too early after the previous one, in microseconds.</summary>
    public double WorstGapShortfallMicros { get; private set; }

    public long FramesCarried { get; private set; }

    /// <summary>Sum of the silences before the master's frames (line idle to frame written), in Stopwatch ticks.</summary>
    public long MasterTurnaroundTicks { get; private set; }

    public long MasterFrames { get; private set; }

    /// <summary>Sum of the silences before the device's frames, in Stopwatch ticks.</summary>
    public long DeviceTurnaroundTicks { get; private set; }

    public long DeviceFrames { get; private set; }

    public long BytesCarried { get; private set; }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }

        _wire.Join();
        Master.Dispose();
        Device.Dispose();
    }

    internal void Send(SerialLineEndpoint from, ReadOnlySpan<byte> bytes)
    {
        var to = ReferenceEquals(from, Master) ? Device : Master;
        lock (_gate)
        {
            if (_pending.Count > 0 && !ReferenceEquals(_pending.Peek().To, to))
            {
                Collisions++;
            }

            _pending.Enqueue(new PendingFrame(to, bytes.ToArray(), Stopwatch.GetTimestamp()));
            Monitor.Pulse(_gate);
        }
    }

    private static long MicrosToTicks(double micros)
    {
        return (long)(micros * Stopwatch.Frequency / 1_000_000.0);
    }

    private static void WaitUntil(long timestamp)
    {
        while (true)
        {
            long remaining = timestamp - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }

            // Far from the deadline, let the master and the device use this core; close to it, spin.
            if (remaining > MicrosToTicks(300))
            {
                Thread.Yield();
            }
            else
            {
                Thread.SpinWait(20);
            }
        }
    }

    private void CarryBytes()
    {
        while (true)
        {
            PendingFrame frame;
            lock (_gate)
            {
                while (_pending.Count == 0 && !_stopped)
                {
                    Monitor.Wait(_gate);
                }

                if (_stopped)
                {
                    return;
                }

                frame = _pending.Dequeue();
            }

            long start;
            if (ReferenceEquals(frame.To, _lastTo) && frame.WrittenAt <= _lineIdleSince)
            {
                // The sender wrote the rest of a frame while its start was still on the wire: no gap between them.
                start = _lineIdleSince;
            }
            else
            {
                long earliest = _lineIdleSince + _frameGapTicks;
                if (frame.WrittenAt < earliest)
                {
                    GapViolations++;
                    if (ReferenceEquals(frame.To, Device))
                    {
                        MasterGapViolations++;
                    }

                    double shortfall = (earliest - frame.WrittenAt) * 1_000_000.0 / Stopwatch.Frequency;
                    WorstGapShortfallMicros = Math.Max(WorstGapShortfallMicros, shortfall);
                }

                start = Math.Max(frame.WrittenAt, earliest);
                FramesCarried++;
                if (ReferenceEquals(frame.To, Device))
                {
                    MasterTurnaroundTicks += start - _lineIdleSince;
                    MasterFrames++;
                }
                else
                {
                    DeviceTurnaroundTicks += start - _lineIdleSince;
                    DeviceFrames++;
                }
            }

            _lastTo = frame.To;
            for (int i = 0; i < frame.Bytes.Length; i++)
            {
                long arrival = start + ((i + 1) * _characterTicks);
                WaitUntil(arrival);
                frame.To.Deliver(frame.Bytes[i]);
            }

            _lineIdleSince = start + (frame.Bytes.Length * _characterTicks);
            BytesCarried += frame.Bytes.Length;
        }
    }

    private readonly record struct PendingFrame(SerialLineEndpoint To, byte[] Bytes, long WrittenAt);
}
