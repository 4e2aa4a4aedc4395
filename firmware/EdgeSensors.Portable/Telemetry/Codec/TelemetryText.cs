namespace EdgeSensors.Telemetry.Codec;

/// <summary>Causes and fixes for the codec's statuses, for logs and the technician CLI.</summary>
public static class TelemetryText
{
    public static string Describe(TelemetryEncodeStatus status)
    {
        switch (status)
        {
            case TelemetryEncodeStatus.Ok: return "ok";
            case TelemetryEncodeStatus.BufferTooSmall: return "payload does not fit in the buffer; size it with TelemetryEncoder.MaxBatchBytes(readings) or MaxAlarmBytes, or send fewer readings per batch";
            case TelemetryEncodeStatus.InvalidSource: return "invalid source id; use 1-64 of A-Z a-z 0-9 _ . - starting with a letter or digit (it is also the topic level)";
            case TelemetryEncodeStatus.EmptyBatch: return "empty batch; send a batch only when it holds at least one reading";
            case TelemetryEncodeStatus.InvalidTag: return "invalid tag; use 1-64 of A-Z a-z 0-9 _ . : / - starting with a letter or digit";
            case TelemetryEncodeStatus.InvalidUnit: return "invalid unit; use at most 16 characters of valid Unicode text (\"\" for dimensionless)";
            case TelemetryEncodeStatus.InvalidEnumValue: return "quality, alarm kind or alarm event type outside its enumeration; a new wire name needs a new schema version";
            case TelemetryEncodeStatus.InvalidTime: return "time outside 0 to 2^53-1 ms since the Unix epoch; set the clock (SNTP) before stamping readings";
            case TelemetryEncodeStatus.SeqNotAscending: return "readings are not in strictly ascending seq order; add them to the batch in the order they were numbered";
            case TelemetryEncodeStatus.InvalidLimit: return "alarm limit must be a finite number for HH, H, L, LL and rate alarms, and NaN (null) for sensor_fault";
            default: return "unknown encode status";
        }
    }

    public static string Describe(TelemetryDecodeStatus status)
    {
        switch (status)
        {
            case TelemetryDecodeStatus.Ok: return "ok";
            case TelemetryDecodeStatus.Malformed: return "malformed payload: not JSON, or not the contract's structure";
            case TelemetryDecodeStatus.UnsupportedSchemaVersion: return "unsupported schema version: keep the payload and upgrade the consumer before the producers";
            case TelemetryDecodeStatus.MissingField: return "a required member is missing, or \"schema\" is not the first member";
            case TelemetryDecodeStatus.DuplicateField: return "a member appears twice in one object";
            case TelemetryDecodeStatus.UnknownField: return "a member the contract does not define: a typo, or a producer ahead of the schema version it declares";
            case TelemetryDecodeStatus.WrongType: return "a member has the wrong JSON type (seq is a string of digits, time_ms an integer, value a number or null)";
            case TelemetryDecodeStatus.InvalidValue: return "a member has a value the contract does not allow";
            case TelemetryDecodeStatus.TooManyReadings: return "more readings than the destination batch holds; give the decoder a batch of TelemetryContract.MaxReadingsPerBatch";
            default: return "unknown decode status";
        }
    }
}
