namespace EdgeSensors.Alarms;

/// <summary>
/// How far a reading can be trusted, as the poller saw it. Only <see cref="Good"/> and <see cref="OutOfRange"/> values
/// are measurements that limits and rates are evaluated on; the others hold the limit alarms where they are.
/// </summary>
public enum SignalQuality
{
    /// <summary>A measurement within the instrument's range.</summary>
    Good = 0,

    /// <summary>A measurement outside the instrument's stated range. Still evaluated: an over-range gas reading is the worst case, not no case.</summary>
    OutOfRange = 1,

    /// <summary>The instrument reports a fault (status bit, NaN channel): the number is not a measurement.</summary>
    SensorFault = 2,

    /// <summary>The registers were not read (timeout, CRC error, exception response).</summary>
    CommFailure = 3,

    /// <summary>The registers were read but could not be decoded (unknown unit code, impossible scaling).</summary>
    Invalid = 4,

    /// <summary>
    /// The last good value repeated because the latest polls failed (the gateway's short-gap quality). Not a new
    /// measurement: evaluating it would let delays run on old data, so limits hold; it raises the fault alarm only if asked.
    /// </summary>
    Stale = 5,
}
