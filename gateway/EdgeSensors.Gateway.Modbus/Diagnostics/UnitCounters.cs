using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Modbus.Diagnostics;

/// <summary>
/// What happened on the wire for one unit. Every frame sent counts once in <see cref="Requests"/> (retries too)
/// and once in exactly one outcome, so Requests = Successes + Timeouts + CrcErrors + FrameErrors + exceptions
/// + TransportErrors. Thread-safe: written by the bus, read by anyone.
/// </summary>
public sealed class UnitCounters
{
    private readonly long[] _exceptions = new long[256];
    private long _requests;
    private long _successes;
    private long _timeouts;
    private long _crcErrors;
    private long _frameErrors;
    private long _transportErrors;
    private long _staleResponses;
    private long _isolatedRejections;

    public UnitCounters(byte unit)
    {
        Unit = unit;
    }

    public byte Unit { get; }

    /// <summary>Frames sent to the unit, retries and probes included.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Frames answered with a valid normal response.</summary>
    public long Successes => Interlocked.Read(ref _successes);

    /// <summary>Frames that got no complete response within the timeout.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>RTU responses whose CRC did not match.</summary>
    public long CrcErrors => Interlocked.Read(ref _crcErrors);

    /// <summary>Other malformed responses: truncated, trailing bytes, wrong unit/function, bad byte count or echo, bad MBAP header.</summary>
    public long FrameErrors => Interlocked.Read(ref _frameErrors);

    /// <summary>Frames lost because the connection or port failed.</summary>
    public long TransportErrors => Interlocked.Read(ref _transportErrors);

    /// <summary>Modbus TCP responses discarded because their transaction id matched no request in flight.</summary>
    public long StaleResponses => Interlocked.Read(ref _staleResponses);

    /// <summary>Requests failed fast with <see cref="ModbusStatus.UnitIsolated"/>, never sent.</summary>
    public long IsolatedRejections => Interlocked.Read(ref _isolatedRejections);

    /// <summary>All exception responses, whatever the code.</summary>
    public long Exceptions
    {
        get
        {
            long total = 0;
            for (int i = 0; i < _exceptions.Length; i++)
            {
                total += Interlocked.Read(ref _exceptions[i]);
            }

            return total;
        }
    }

    /// <summary>Latency of answered frames (normal and exception responses).</summary>
    public LatencyHistogram LatencyHistogram { get; } = new();

    public long ExceptionCount(ExceptionCode code) => Interlocked.Read(ref _exceptions[(byte)code]);

    /// <summary>Counts one frame sent and its outcome.</summary>
    internal void RecordExchange(ModbusStatus status, ExceptionCode exceptionCode, TimeSpan latency)
    {
        Interlocked.Increment(ref _requests);
        switch (status)
        {
            case ModbusStatus.Ok:
                Interlocked.Increment(ref _successes);
                LatencyHistogram.Record(latency);
                break;
            case ModbusStatus.ExceptionResponse:
                Interlocked.Increment(ref _exceptions[(byte)exceptionCode]);
                LatencyHistogram.Record(latency);
                break;
            case ModbusStatus.Timeout:
                Interlocked.Increment(ref _timeouts);
                break;
            case ModbusStatus.CrcError:
                Interlocked.Increment(ref _crcErrors);
                break;
            case ModbusStatus.TransportError:
                Interlocked.Increment(ref _transportErrors);
                break;
            default:
                Interlocked.Increment(ref _frameErrors);
                break;
        }
    }

    internal void RecordStaleResponses(int count)
    {
        if (count > 0)
        {
            Interlocked.Add(ref _staleResponses, count);
        }
    }

    internal void RecordIsolatedRejection() => Interlocked.Increment(ref _isolatedRejections);
}
