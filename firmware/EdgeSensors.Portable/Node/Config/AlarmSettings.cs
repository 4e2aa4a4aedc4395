using EdgeSensors.Alarms;

namespace EdgeSensors.Node.Config;

/// <summary>A tag's "alarms" block as read, before it becomes the alarm evaluator's <see cref="TagAlarmConfig"/>.</summary>
internal sealed class AlarmSettings
{
    /// <summary>The fault alarm's on-delay when none is given: one missed poll does not raise it, a dead detector does.</summary>
    public const long DefaultFaultDelayMs = 10000;

    public double HighHigh = double.NaN;
    public double High = double.NaN;
    public double Low = double.NaN;
    public double LowLow = double.NaN;
    public double Hysteresis;
    public long OnDelayMs;
    public long OffDelayMs;
    public AlarmKinds Latch;
    public double RatePerMinute = double.NaN;
    public long RateWindowMs = TagAlarmConfig.DefaultRateWindowMs;
    public RateDirection Direction = RateDirection.Falling;
    public bool Fault = true;
    public long FaultDelayMs = DefaultFaultDelayMs;

    public TagAlarmConfig ToConfig(string tag, string unit)
    {
        var config = new TagAlarmConfig(tag, unit);
        config.HighHigh = Limit(HighHigh, AlarmKinds.HighHigh);
        config.High = Limit(High, AlarmKinds.High);
        config.Low = Limit(Low, AlarmKinds.Low);
        config.LowLow = Limit(LowLow, AlarmKinds.LowLow);
        config.RateOfChange = Limit(RatePerMinute, AlarmKinds.RateOfChange);
        config.RateDirection = Direction;
        config.RateWindowMs = RateWindowMs;
        config.SensorFault = Fault ? AlarmLimit.Condition(FaultDelayMs, 0, (Latch & AlarmKinds.SensorFault) != 0) : AlarmLimit.Disabled;
        return config;
    }

    /// <summary>The same alarms under another tag name (the device's prefix is known only after the tag is read).</summary>
    public static TagAlarmConfig Retag(TagAlarmConfig source, string tag)
    {
        var config = new TagAlarmConfig(tag, source.Unit);
        config.HighHigh = source.HighHigh;
        config.High = source.High;
        config.Low = source.Low;
        config.LowLow = source.LowLow;
        config.RateOfChange = source.RateOfChange;
        config.RateDirection = source.RateDirection;
        config.RateWindowMs = source.RateWindowMs;
        config.RateHistoryLength = source.RateHistoryLength;
        config.SensorFault = source.SensorFault;
        config.FaultTriggers = source.FaultTriggers;
        return config;
    }

    private AlarmLimit Limit(double value, AlarmKinds kind)
    {
        if (double.IsNaN(value))
        {
            return AlarmLimit.Disabled;
        }

        // The tag's hysteresis is in its unit; a rate's is in unit per minute, so the rate alarm clears without one.
        double hysteresis = kind == AlarmKinds.RateOfChange ? 0 : Hysteresis;
        return new AlarmLimit(value, hysteresis, OnDelayMs, OffDelayMs, (Latch & kind) != 0);
    }
}
