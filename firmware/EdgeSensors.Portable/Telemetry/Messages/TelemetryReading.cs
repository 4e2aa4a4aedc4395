using EdgeSensors.Alarms;

namespace EdgeSensors.Telemetry.Messages;

/// <summary>
/// One acquired value of one tag. A mutable slot: a <see cref="TelemetryBatch"/> owns a fixed set of them and
/// refills them, so building a batch allocates nothing.
/// </summary>
public sealed class TelemetryReading
{
    /// <summary>The tag, unique within its source, for example "tk101-radar/pv" (see <see cref="Wire.TelemetryNames.IsValidTag"/>).</summary>
    public string Tag { get; set; } = "";

    /// <summary>The engineering value in <see cref="Unit"/>; NaN when there is none (sent as JSON null).</summary>
    public double Value { get; set; } = double.NaN;

    /// <summary>The engineering unit, for example "m", "bar", "%LEL", "°C"; "" for a dimensionless value.</summary>
    public string Unit { get; set; } = "";

    /// <summary>How far the value can be trusted; see <see cref="Wire.WireNames"/> for what goes on the wire.</summary>
    public SignalQuality Quality { get; set; }

    /// <summary>Acquisition time in milliseconds since 1970-01-01T00:00:00Z (UTC), kept when the reading is replayed.</summary>
    public long TimeMs { get; set; }

    /// <summary>Position in the source's sequence (shared with its alarm events): strictly increasing, never reused, survives restarts.</summary>
    public ulong Seq { get; set; }

    public void Set(string tag, double value, string unit, SignalQuality quality, long timeMs, ulong seq)
    {
        Tag = tag;
        Value = value;
        Unit = unit;
        Quality = quality;
        TimeMs = timeMs;
        Seq = seq;
    }
}
