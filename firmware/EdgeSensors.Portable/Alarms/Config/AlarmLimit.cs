namespace EdgeSensors.Alarms;

/// <summary>
/// One alarm's settings: the limit, its hysteresis (deadband to clear), on- and off-delays and whether it latches.
/// For HH/H/L/LL the limit and hysteresis are in the tag's unit; for the rate alarm they are in the tag's unit per minute;
/// the fault alarm uses only the delays and the latch. Immutable, so one instance may be shared by many tags.
/// </summary>
public sealed class AlarmLimit
{
    /// <summary>An alarm that is not configured.</summary>
    public static readonly AlarmLimit Disabled = new AlarmLimit();

    /// <param name="limit">The set point: reaching it raises the alarm (after <paramref name="onDelayMs"/>).</param>
    /// <param name="hysteresis">How far back inside the limit the value must go to clear (0 or more, same unit).</param>
    /// <param name="onDelayMs">How long the value must stay at or beyond the limit before the alarm is raised, in ms.</param>
    /// <param name="offDelayMs">How long the value must stay back inside (past the hysteresis) before the alarm clears, in ms.</param>
    /// <param name="latching">When true the alarm stays active after its condition clears until it is acknowledged.</param>
    public AlarmLimit(double limit, double hysteresis, long onDelayMs, long offDelayMs, bool latching)
    {
        Enabled = true;
        Limit = limit;
        Hysteresis = hysteresis;
        OnDelayMs = onDelayMs;
        OffDelayMs = offDelayMs;
        Latching = latching;
    }

    private AlarmLimit()
    {
    }

    public bool Enabled { get; }

    public double Limit { get; }

    public double Hysteresis { get; }

    public long OnDelayMs { get; }

    public long OffDelayMs { get; }

    public bool Latching { get; }

    /// <summary>An alarm with no numeric limit (the fault alarm): only delays and latching apply.</summary>
    public static AlarmLimit Condition(long onDelayMs, long offDelayMs, bool latching)
    {
        return new AlarmLimit(0, 0, onDelayMs, offDelayMs, latching);
    }
}
