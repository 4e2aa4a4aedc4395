namespace EdgeSensors.Profiles.Decoding;

/// <summary>Whether a decoded value can be trusted. Only <see cref="Good"/> values should drive alarms without comment.</summary>
public enum ReadingQuality
{
    /// <summary>Decoded, no fault flagged, within the instrument's range.</summary>
    Good,

    /// <summary>Decoded, but out of range or its fault status could not be checked.</summary>
    Uncertain,

    /// <summary>The instrument itself reports a fault (status bit or NaN): the number is not a measurement.</summary>
    Faulted,

    /// <summary>Decoding failed (unknown unit code, impossible decimal places).</summary>
    Invalid,

    /// <summary>The registers were not read.</summary>
    Missing,
}
