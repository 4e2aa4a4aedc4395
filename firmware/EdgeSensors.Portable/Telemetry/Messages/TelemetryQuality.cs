namespace EdgeSensors.Telemetry.Messages;

/// <summary>
/// How far a reading can be trusted. On the wire each has a fixed lower_snake_case name
/// (<see cref="Wire.WireNames"/>); the numbers here are not part of the contract.
/// </summary>
public enum TelemetryQuality
{
    /// <summary>"good": read now from a healthy instrument, inside its range.</summary>
    Good = 0,

    /// <summary>"stale": the last good value, repeated because no fresh one arrived in time.</summary>
    Stale = 1,

    /// <summary>"comm_failure": the instrument did not answer (timeout, CRC, exception); the value is null.</summary>
    CommFailure = 2,

    /// <summary>"out_of_range": the instrument answered with a value outside its measuring range.</summary>
    OutOfRange = 3,

    /// <summary>"sensor_fault": the instrument reports a fault, or the value is not a finite number.</summary>
    SensorFault = 4,
}
