namespace EdgeSensors.Fleet.Live.Ingest;

/// <summary>One reading as decoded from {prefix}/{id}/telemetry, keyed by the device's MQTT id.</summary>
/// <param name="Source">The device id on the wire (topic level and payload source).</param>
/// <param name="Tag">The tag as sent.</param>
/// <param name="Value">Null when the reading had no finite value.</param>
/// <param name="Unit">Engineering unit, "" for dimensionless.</param>
/// <param name="Quality">Wire name of the quality.</param>
/// <param name="ReadingAt">Source time, UTC.</param>
/// <param name="Seq">The source's seq.</param>
public sealed record ReadingUpdate(string Source, string Tag, double? Value, string Unit, string Quality, DateTime ReadingAt, ulong Seq);

/// <summary>One alarm event as decoded from {prefix}/{id}/alarms.</summary>
/// <param name="Source">The device id on the wire.</param>
/// <param name="Tag">The tag the alarm watches.</param>
/// <param name="Kind">HH, H, L, LL, rate or sensor_fault.</param>
/// <param name="State">raised, returned, acknowledged or cleared.</param>
/// <param name="Value">The value of the event, null when none.</param>
/// <param name="Limit">The limit crossed, null for sensor_fault.</param>
/// <param name="Unit">Unit of value and limit.</param>
/// <param name="ChangedAt">Source time of the event, UTC.</param>
/// <param name="Seq">The source's seq (shared with its readings).</param>
/// <param name="Latched">The alarm stays active until acknowledged.</param>
public sealed record AlarmUpdate(string Source, string Tag, string Kind, string State, double? Value, double? Limit, string Unit, DateTime ChangedAt,
    ulong Seq, bool Latched);
