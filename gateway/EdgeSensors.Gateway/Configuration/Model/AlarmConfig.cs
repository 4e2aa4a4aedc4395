using System.Collections.Immutable;
using EdgeSensors.Alarms;

namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>
/// Alarm settings of one tag, validated and immutable (docs/alarms.md for what each does). The alarm core's
/// <see cref="TagAlarmConfig"/> is mutable, so a fresh one is built on demand with <see cref="ToTagAlarmConfig"/>.
/// </summary>
public sealed record AlarmConfig
{
    public GasPreset Preset { get; init; } = GasPreset.None;

    /// <summary>The OEL (toxic_gas) or IDLH (toxic_gas_idlh) the preset's limits derive from, in the tag's unit.</summary>
    public double? PresetBasis { get; init; }

    public LimitSetting? HighHigh { get; init; }

    public LimitSetting? High { get; init; }

    public LimitSetting? Low { get; init; }

    public LimitSetting? LowLow { get; init; }

    public RateOfChange? Rate { get; init; }

    /// <summary>Null when fault_alarm: false.</summary>
    public FaultAlarm? Fault { get; init; }

    /// <summary>Limits that were not written in the file and came from the preset (GB/T 50493).</summary>
    public ImmutableArray<AlarmKind> FromStandard { get; init; } = [];

    /// <summary>Every alarm this tag can raise, in <see cref="AlarmKind"/> order.</summary>
    public ImmutableArray<AlarmKind> Kinds =>
    [
        .. new[] { AlarmKind.HighHigh, AlarmKind.High, AlarmKind.Low, AlarmKind.LowLow, AlarmKind.RateOfChange, AlarmKind.SensorFault }
            .Where(Has),
    ];

    public LimitSetting? Limit(AlarmKind kind) => kind switch
    {
        AlarmKind.HighHigh => HighHigh,
        AlarmKind.High => High,
        AlarmKind.Low => Low,
        AlarmKind.LowLow => LowLow,
        _ => null,
    };

    public bool Has(AlarmKind kind) => kind switch
    {
        AlarmKind.RateOfChange => Rate is not null,
        AlarmKind.SensorFault => Fault is not null,
        _ => Limit(kind) is not null,
    };

    /// <summary>The alarm core's config for this tag; <paramref name="tag"/> is "device.tag", <paramref name="unit"/> its unit.</summary>
    public TagAlarmConfig ToTagAlarmConfig(string tag, string unit)
    {
        var config = new TagAlarmConfig(tag, unit)
        {
            HighHigh = ToLimit(HighHigh),
            High = ToLimit(High),
            Low = ToLimit(Low),
            LowLow = ToLimit(LowLow),
        };
        if (Rate is not null)
        {
            config.RateOfChange = new AlarmLimit(Rate.PerMinute, Rate.Hysteresis, Ms(Rate.OnDelay), Ms(Rate.OffDelay), Rate.Latch);
            config.RateDirection = Rate.Direction;
            config.RateWindowMs = Ms(Rate.Window);
            config.RateHistoryLength = Rate.History;
        }

        if (Fault is not null)
        {
            config.SensorFault = AlarmLimit.Condition(Ms(Fault.OnDelay), Ms(Fault.OffDelay), Fault.Latch);
            config.FaultTriggers = Fault.Triggers;
        }

        return config;
    }

    private static AlarmLimit ToLimit(LimitSetting? limit) =>
        limit is null ? AlarmLimit.Disabled : new AlarmLimit(limit.Value, limit.Hysteresis, Ms(limit.OnDelay), Ms(limit.OffDelay), limit.Latch);

    private static long Ms(TimeSpan span) => (long)span.TotalMilliseconds;
}
