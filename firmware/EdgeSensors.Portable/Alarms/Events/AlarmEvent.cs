namespace EdgeSensors.Alarms;

/// <summary>One alarm transition. A value type so that recording it allocates nothing; the strings are the config's own.</summary>
public struct AlarmEvent
{
    public AlarmEvent(string tag, string unit, AlarmKind kind, AlarmEventType type, AlarmState state, long timeMs, double value, double limit, SignalQuality quality)
    {
        Tag = tag;
        Unit = unit;
        Kind = kind;
        Type = type;
        State = state;
        TimeMs = timeMs;
        Value = value;
        Limit = limit;
        Quality = quality;
    }

    public string Tag { get; }

    /// <summary>The unit of <see cref="Value"/> and <see cref="Limit"/>; per minute for the rate alarm.</summary>
    public string Unit { get; }

    public AlarmKind Kind { get; }

    public AlarmEventType Type { get; }

    /// <summary>The alarm's state after this event.</summary>
    public AlarmState State { get; }

    /// <summary>When, in ms since the Unix epoch, as given to the evaluator.</summary>
    public long TimeMs { get; }

    /// <summary>
    /// The value that caused the event: the reading for HH/H/L/LL, the rate per minute for the rate alarm; for an
    /// acknowledgement or a fault, the last good reading (NaN when there has been none).
    /// </summary>
    public double Value { get; }

    /// <summary>The configured limit (per minute for the rate alarm; 0 for the fault alarm).</summary>
    public double Limit { get; }

    /// <summary>The reading's quality at the event (for an acknowledgement: at the last evaluation).</summary>
    public SignalQuality Quality { get; }
}
