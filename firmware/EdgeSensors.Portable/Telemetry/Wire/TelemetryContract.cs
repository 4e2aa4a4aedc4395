namespace EdgeSensors.Telemetry.Wire;

/// <summary>The numbers of the telemetry contract (docs/telemetry.md). Changing one is a contract change.</summary>
public static class TelemetryContract
{
    /// <summary>The "schema" member of every payload. Any change to a payload's members or their meaning bumps it.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Every payload is published with QoS 1 (at least once): consumers de-duplicate by (source, seq).</summary>
    public const int MqttQos = 1;

    /// <summary>At most this many readings in one batch (about 150 KB in the worst case, 50 KB typically).</summary>
    public const int MaxReadingsPerBatch = 500;

    /// <summary>Longest source id and tag, in ASCII characters.</summary>
    public const int MaxNameLength = 64;

    /// <summary>Longest unit, in Unicode code points ("%LEL", "m³", "°C", "m/min").</summary>
    public const int MaxUnitLength = 16;

    /// <summary>Largest time in ms since the Unix epoch: 2^53 - 1, so a JavaScript number holds it exactly.</summary>
    public const long MaxTimeMs = 9007199254740991L;
}
