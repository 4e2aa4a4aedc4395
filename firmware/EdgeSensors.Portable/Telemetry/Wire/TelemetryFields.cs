namespace EdgeSensors.Telemetry.Wire;

/// <summary>The member names of the telemetry payloads, exactly as they appear in the JSON.</summary>
public static class TelemetryFields
{
    // Both payloads.
    public const string Schema = "schema";
    public const string Source = "source";
    public const string Backfill = "backfill";

    // Batch.
    public const string Readings = "readings";

    // Reading, and alarm event.
    public const string Tag = "tag";
    public const string Value = "value";
    public const string Unit = "unit";
    public const string Quality = "quality";
    public const string TimeMs = "time_ms";
    public const string Seq = "seq";

    // Alarm event only.
    public const string Kind = "kind";
    public const string State = "state";
    public const string Limit = "limit";
    public const string Latched = "latched";
}
