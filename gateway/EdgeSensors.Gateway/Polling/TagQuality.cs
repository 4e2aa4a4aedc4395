namespace EdgeSensors.Gateway.Polling;

/// <summary>
/// What a published tag value is worth. Derived per poll from the read outcome and the profile's decoding; see
/// <see cref="TagQualityTracker"/> for how missed polls turn into <see cref="Stale"/> and then <see cref="CommFailure"/>.
/// </summary>
public enum TagQuality
{
    /// <summary>Read this poll, no fault flagged, inside the instrument's range.</summary>
    Good,

    /// <summary>The last good value, repeated: the latest polls failed, but fewer than the comm-failure threshold.</summary>
    Stale,

    /// <summary>The device has not answered for the configured number of polls; there is no value.</summary>
    CommFailure,

    /// <summary>Read, but outside the instrument's measuring range from its profile (or not decodable).</summary>
    OutOfRange,

    /// <summary>The instrument reports its own fault (status bit or NaN): the number is not a measurement.</summary>
    SensorFault,
}
