namespace EdgeSensors.Telemetry.Messages;

/// <summary>Which limit an alarm watches. Wire names: "HH", "H", "L", "LL", "rate", "sensor_fault".</summary>
public enum AlarmKind
{
    /// <summary>"HH": second-level high limit (for gas: the 50 %LEL or 200 % OEL level of GB/T 50493-2019).</summary>
    HighHigh = 0,

    /// <summary>"H": first-level high limit.</summary>
    High = 1,

    /// <summary>"L": first-level low limit.</summary>
    Low = 2,

    /// <summary>"LL": second-level low limit.</summary>
    LowLow = 3,

    /// <summary>"rate": the value changes faster than a limit (value and limit are rates, in the event's unit).</summary>
    Rate = 4,

    /// <summary>"sensor_fault": the instrument is faulty or unreachable; there is no limit.</summary>
    SensorFault = 5,
}
