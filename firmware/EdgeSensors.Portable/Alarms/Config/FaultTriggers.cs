using System;

namespace EdgeSensors.Alarms;

/// <summary>Which <see cref="SignalQuality"/> values raise a tag's <see cref="AlarmKind.SensorFault"/> alarm. Bit n is <c>(SignalQuality)(n + 1)</c>.</summary>
[Flags]
public enum FaultTriggers
{
    None = 0,
    OutOfRange = 1,
    SensorFault = 2,
    CommFailure = 4,
    Invalid = 8,

    /// <summary>The default: anything that means there is no measurement (fault, no communication, undecodable).</summary>
    NoMeasurement = SensorFault | CommFailure | Invalid,

    All = NoMeasurement | OutOfRange,
}
