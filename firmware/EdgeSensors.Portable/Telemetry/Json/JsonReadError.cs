namespace EdgeSensors.Telemetry.Json;

/// <summary>Why <see cref="StrictJsonReader"/> stopped.</summary>
public enum JsonReadError
{
    None = 0,

    /// <summary>Not JSON (RFC 8259): a bad token, escape, number, UTF-8 sequence, or a missing bracket, comma or colon.</summary>
    Malformed,

    /// <summary>Valid JSON, but a different type than the one asked for (a string where a number belongs).</summary>
    WrongType,

    /// <summary>The right type with a value outside what was asked for (too long, too large, not an integer).</summary>
    InvalidValue,
}
