namespace EdgeSensors.Telemetry.Codec;

/// <summary>
/// The outcome of decoding one payload. Anything but Ok means the payload was rejected as a whole; the decoder's
/// ErrorField, ErrorOffset and ErrorMessage say where and why.
/// </summary>
public enum TelemetryDecodeStatus
{
    Ok = 0,

    /// <summary>Not JSON (RFC 8259), or not the expected structure: a bad token, string, UTF-8 sequence or bracket.</summary>
    Malformed,

    /// <summary>The "schema" member names a version this decoder does not know. Keep the payload; upgrade the consumer.</summary>
    UnsupportedSchemaVersion,

    /// <summary>A required member is absent, or "schema" is not the first member.</summary>
    MissingField,

    /// <summary>A member appears twice in one object.</summary>
    DuplicateField,

    /// <summary>A member the contract does not define (a typo, or a newer schema that forgot to bump the version).</summary>
    UnknownField,

    /// <summary>A member has the wrong JSON type (a number where a string belongs, a seq written as a number).</summary>
    WrongType,

    /// <summary>The right type, a wrong value: unknown wire name, bad tag, out-of-range time, seq order, null value with quality good.</summary>
    InvalidValue,

    /// <summary>More readings than the destination batch holds.</summary>
    TooManyReadings,
}
