namespace EdgeSensors.Alarms;

/// <summary>The six alarms a tag can have. The numbers index per-tag arrays and snapshot records: do not reorder.</summary>
public enum AlarmKind
{
    /// <summary>Second-level high limit (for combustible gas: 50 %LEL by GB/T 50493).</summary>
    HighHigh = 0,

    /// <summary>First-level high limit.</summary>
    High = 1,

    /// <summary>First-level low limit.</summary>
    Low = 2,

    /// <summary>Second-level low limit.</summary>
    LowLow = 3,

    /// <summary>The value changes faster than a rate over a window (a pressure drop that suggests a leak).</summary>
    RateOfChange = 4,

    /// <summary>The reading cannot be trusted: sensor fault, communication failure, out of range or undecodable, as configured.</summary>
    SensorFault = 5,
}
