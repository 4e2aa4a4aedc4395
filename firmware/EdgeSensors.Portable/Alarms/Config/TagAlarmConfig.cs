namespace EdgeSensors.Alarms;

/// <summary>
/// The alarms of one tag. Every alarm starts <see cref="AlarmLimit.Disabled"/>; set the ones the site needs, or start from
/// <see cref="GasAlarmDefaults"/>. <see cref="TagAlarms"/> copies what it needs when it is built, so later changes here
/// do not reach a running evaluator.
/// </summary>
public sealed class TagAlarmConfig
{
    /// <summary>Default <see cref="RateWindowMs"/>: 60 s.</summary>
    public const long DefaultRateWindowMs = 60000;

    /// <summary>Default <see cref="RateHistoryLength"/>: 16 samples, about one every 4 s over a 60 s window.</summary>
    public const int DefaultRateHistoryLength = 16;

    /// <summary>Smallest rate window accepted, 1 s: shorter windows measure noise, not a trend.</summary>
    public const long MinRateWindowMs = 1000;

    /// <summary>Bounds of <see cref="RateHistoryLength"/>: two samples make a rate; a snapshot-free history stays small.</summary>
    public const int MinRateHistoryLength = 2;

    public const int MaxRateHistoryLength = 1024;

    private static readonly AlarmKind[] Ascending = { AlarmKind.LowLow, AlarmKind.Low, AlarmKind.High, AlarmKind.HighHigh };

    public TagAlarmConfig(string tag, string unit)
    {
        Tag = tag;
        Unit = unit;
    }

    /// <summary>The tag's name as the site config writes it (for example "tank1.lel").</summary>
    public string Tag { get; }

    /// <summary>The unit of the tag's values and limits (for example "%LEL"), for messages.</summary>
    public string Unit { get; }

    public AlarmLimit HighHigh { get; set; } = AlarmLimit.Disabled;

    public AlarmLimit High { get; set; } = AlarmLimit.Disabled;

    public AlarmLimit Low { get; set; } = AlarmLimit.Disabled;

    public AlarmLimit LowLow { get; set; } = AlarmLimit.Disabled;

    /// <summary>Rate-of-change alarm: <see cref="AlarmLimit.Limit"/> and hysteresis in unit per minute, positive.</summary>
    public AlarmLimit RateOfChange { get; set; } = AlarmLimit.Disabled;

    public RateDirection RateDirection { get; set; } = RateDirection.Falling;

    /// <summary>The rate is the change between now and the oldest sample at most this old, in ms.</summary>
    public long RateWindowMs { get; set; } = DefaultRateWindowMs;

    /// <summary>Samples kept for the rate (allocated once); samples are thinned so that this many cover the window.</summary>
    public int RateHistoryLength { get; set; } = DefaultRateHistoryLength;

    /// <summary>Sensor-fault alarm: only its delays and latch are used.</summary>
    public AlarmLimit SensorFault { get; set; } = AlarmLimit.Disabled;

    /// <summary>Which qualities raise <see cref="SensorFault"/>.</summary>
    public FaultTriggers FaultTriggers { get; set; } = FaultTriggers.NoMeasurement;

    public AlarmLimit Get(AlarmKind kind)
    {
        switch (kind)
        {
            case AlarmKind.HighHigh: return HighHigh;
            case AlarmKind.High: return High;
            case AlarmKind.Low: return Low;
            case AlarmKind.LowLow: return LowLow;
            case AlarmKind.RateOfChange: return RateOfChange;
            case AlarmKind.SensorFault: return SensorFault;
            default: return AlarmLimit.Disabled;
        }
    }

    /// <summary>Null when the settings make sense, else what is wrong, naming the tag and the site-config key, and how to fix it.</summary>
    public string? Validate()
    {
        if (Tag == null || Tag.Length == 0)
        {
            return "alarm config without a tag name: every alarms entry needs the tag it watches";
        }

        for (int k = 0; k < TagAlarms.KindCount; k++)
        {
            string? problem = ValidateOne((AlarmKind)k);
            if (problem != null)
            {
                return problem;
            }
        }

        // Limits must be ordered LL < L < H < HH among those that are set; a swapped pair never raises the right alarm.
        AlarmKind[] ascending = Ascending;
        int below = -1;
        for (int i = 0; i < ascending.Length; i++)
        {
            if (!Get(ascending[i]).Enabled)
            {
                continue;
            }

            if (below >= 0 && !(Get(ascending[i]).Limit > Get(ascending[below]).Limit))
            {
                return Prefix() + AlarmText.ConfigKey(ascending[i]) + " = " + WithUnit(Get(ascending[i]).Limit)
                    + " must be above " + AlarmText.ConfigKey(ascending[below]) + " = " + WithUnit(Get(ascending[below]).Limit)
                    + "; order the limits ll < l < h < hh";
            }

            below = i;
        }

        if (RateOfChange.Enabled)
        {
            if (RateWindowMs < MinRateWindowMs)
            {
                return Prefix() + "rate.window_s = " + Seconds(RateWindowMs) + " is too short; use at least " + Seconds(MinRateWindowMs);
            }

            if (RateHistoryLength < MinRateHistoryLength || RateHistoryLength > MaxRateHistoryLength)
            {
                return Prefix() + "rate.history = " + RateHistoryLength + " samples is outside " + MinRateHistoryLength + "-" + MaxRateHistoryLength + "; the default is " + DefaultRateHistoryLength;
            }
        }

        if (SensorFault.Enabled && FaultTriggers == FaultTriggers.None)
        {
            return Prefix() + "fault_alarm.on is empty; list at least one of sensor_fault, comm_failure, invalid, out_of_range, stale, or set fault_alarm: false";
        }

        return null;
    }

    private string? ValidateOne(AlarmKind kind)
    {
        AlarmLimit limit = Get(kind);
        if (!limit.Enabled)
        {
            return null;
        }

        string key = AlarmText.ConfigKey(kind);
        if (!IsFinite(limit.Limit))
        {
            return Prefix() + key + " is not a finite number; give the set point in " + Unit;
        }

        if (kind == AlarmKind.RateOfChange && !(limit.Limit > 0))
        {
            return Prefix() + "rate.per_minute = " + limit.Limit + " " + Unit + "/min must be above 0; set rate.direction to say which way";
        }

        if (!IsFinite(limit.Hysteresis) || limit.Hysteresis < 0)
        {
            return Prefix() + key + " hysteresis = " + limit.Hysteresis + " must be 0 or more (it is how far back inside the limit the value must go to clear)";
        }

        if (kind == AlarmKind.RateOfChange && !(limit.Hysteresis < limit.Limit))
        {
            return Prefix() + "rate.hysteresis = " + limit.Hysteresis + " " + Unit + "/min must be below rate.per_minute = " + limit.Limit + " " + Unit + "/min, or the alarm could never clear";
        }

        if (limit.OnDelayMs < 0 || limit.OffDelayMs < 0)
        {
            return Prefix() + key + " on_delay_s/off_delay_s must be 0 s or more";
        }

        return null;
    }

    private string Prefix()
    {
        return "alarms." + Tag + ": ";
    }

    private string WithUnit(double value)
    {
        return value.ToString() + " " + Unit;
    }

    private static string Seconds(long ms)
    {
        return (ms / 1000.0).ToString() + " s";
    }

    internal static bool IsFinite(double value)
    {
        return !double.IsNaN(value) && !double.IsInfinity(value);
    }
}
