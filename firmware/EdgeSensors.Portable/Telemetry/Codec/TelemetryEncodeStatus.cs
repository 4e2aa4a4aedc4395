namespace EdgeSensors.Telemetry.Codec;

/// <summary>
/// Why <see cref="TelemetryEncoder"/> wrote nothing. The encoder refuses exactly what the decoder would reject,
/// so whatever it writes every consumer can read. <see cref="TelemetryText.Describe(TelemetryEncodeStatus)"/> says how to fix each.
/// </summary>
public enum TelemetryEncodeStatus
{
    Ok = 0,

    /// <summary>The payload does not fit in the buffer; see <see cref="TelemetryEncoder.MaxBatchBytes"/>.</summary>
    BufferTooSmall,

    InvalidSource,

    /// <summary>A batch needs at least one reading.</summary>
    EmptyBatch,

    InvalidTag,

    InvalidUnit,

    /// <summary>A quality, alarm kind or alarm event type outside its enumeration.</summary>
    InvalidEnumValue,

    /// <summary>The time is below 0 or above 2^53 - 1 ms.</summary>
    InvalidTime,

    /// <summary>Readings must be in strictly ascending seq order within a batch.</summary>
    SeqNotAscending,

    /// <summary>An alarm's limit is not finite although its kind has one, or is set for a sensor_fault alarm.</summary>
    InvalidLimit,
}
