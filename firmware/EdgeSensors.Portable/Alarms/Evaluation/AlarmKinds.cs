using System;

namespace EdgeSensors.Alarms;

/// <summary>A set of <see cref="AlarmKind"/>s, one bit per kind (bit n is <c>(AlarmKind)n</c>); used to say which alarms drive an output.</summary>
[Flags]
public enum AlarmKinds
{
    None = 0,
    HighHigh = 1,
    High = 2,
    Low = 4,
    LowLow = 8,
    RateOfChange = 16,
    SensorFault = 32,

    /// <summary>HH, H, L and LL.</summary>
    Limits = HighHigh | High | Low | LowLow,

    /// <summary>Every kind.</summary>
    All = Limits | RateOfChange | SensorFault,
}
