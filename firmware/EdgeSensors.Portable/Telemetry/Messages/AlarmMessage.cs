using EdgeSensors.Alarms;

namespace EdgeSensors.Telemetry.Messages;

/// <summary>
/// The payload of the alarms topic: one <see cref="AlarmEvent"/> of the alarm evaluator, with what the wire adds
/// (source, seq, backfill, latched). A mutable, reusable object.
/// </summary>
public sealed class AlarmMessage
{
    /// <summary>The gateway or node id; it is also the second level of the topic.</summary>
    public string Source { get; set; } = "";

    /// <summary>True when the event is replayed from the store after an outage.</summary>
    public bool Backfill { get; set; }

    public string Tag { get; set; } = "";

    public AlarmKind Kind { get; set; }

    /// <summary>What happened: raised, returned (a latched alarm's condition cleared), acknowledged, cleared.</summary>
    public AlarmEventType State { get; set; }

    /// <summary>The value that caused the change, in <see cref="Unit"/>; NaN when there is none (sent as null).</summary>
    public double Value { get; set; } = double.NaN;

    /// <summary>The limit crossed, in <see cref="Unit"/>; NaN (sent as null) for <see cref="AlarmKind.SensorFault"/> and finite otherwise.</summary>
    public double Limit { get; set; } = double.NaN;

    /// <summary>The unit of value and limit; for <see cref="AlarmKind.RateOfChange"/> a per-minute unit such as "m/min".</summary>
    public string Unit { get; set; } = "";

    /// <summary>When the change happened, in milliseconds since 1970-01-01T00:00:00Z (UTC).</summary>
    public long TimeMs { get; set; }

    /// <summary>Position in the source's sequence, which readings and alarm events share.</summary>
    public ulong Seq { get; set; }

    /// <summary>True when the alarm stays active after its condition clears, until acknowledged.</summary>
    public bool Latched { get; set; }
}
