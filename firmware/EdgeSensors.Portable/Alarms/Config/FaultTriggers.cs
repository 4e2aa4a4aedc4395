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
    Stale = 16,

    /// <summary>
    /// The default: there is no measurement and nothing stands in for one (fault, no communication, undecodable).
    /// Stale is left out: the poller already bridges a short gap with it, and reports a long one as a communication failure.
    /// </summary>
    NoMeasurement = SensorFault | CommFailure | Invalid,

    All = NoMeasurement | OutOfRange | Stale,
}
