using System;
using EdgeSensors.Alarms;

namespace EdgeSensors.Telemetry.Messages;

/// <summary>
/// The payload of the telemetry topic: readings of one source, live or replayed. Its reading slots are allocated
/// once, up to <see cref="Capacity"/>; <see cref="Clear"/> and <see cref="TryAdd"/> reuse them.
/// </summary>
public sealed class TelemetryBatch
{
    private readonly TelemetryReading[] _readings;

    /// <exception cref="ArgumentOutOfRangeException">capacity is not 1 to <see cref="Wire.TelemetryContract.MaxReadingsPerBatch"/>.</exception>
    public TelemetryBatch(int capacity)
    {
        if (capacity < 1 || capacity > Wire.TelemetryContract.MaxReadingsPerBatch)
        {
            throw new ArgumentOutOfRangeException("capacity", "a batch holds 1 to " + Wire.TelemetryContract.MaxReadingsPerBatch.ToString() + " readings");
        }

        _readings = new TelemetryReading[capacity];
        for (int i = 0; i < capacity; i++)
        {
            _readings[i] = new TelemetryReading();
        }
    }

    /// <summary>The gateway or node id; it is also the second level of the topic.</summary>
    public string Source { get; set; } = "";

    /// <summary>True when the readings are replayed from the store after an outage rather than sent as acquired.</summary>
    public bool Backfill { get; set; }

    public int Count { get; private set; }

    public int Capacity => _readings.Length;

    /// <exception cref="ArgumentOutOfRangeException">index is not below <see cref="Count"/>.</exception>
    public TelemetryReading this[int index]
    {
        get
        {
            if (index < 0 || index >= Count)
            {
                throw new ArgumentOutOfRangeException("index", "the batch has " + Count.ToString() + " readings");
            }

            return _readings[index];
        }
    }

    public void Clear()
    {
        Count = 0;
        Backfill = false;
    }

    /// <summary>Copies a reading into the next free slot; false when the batch is full.</summary>
    public bool TryAdd(string tag, double value, string unit, SignalQuality quality, long timeMs, ulong seq)
    {
        if (Count == _readings.Length)
        {
            return false;
        }

        _readings[Count++].Set(tag, value, unit, quality, timeMs, seq);
        return true;
    }
}
