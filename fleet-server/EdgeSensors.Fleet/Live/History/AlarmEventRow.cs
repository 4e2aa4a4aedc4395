using System.Globalization;
using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Live.History;

/// <summary>
/// One alarm event as a device sent it (table alarm_events), kept for <see cref="HistoryOptions.AlarmRetentionDays"/>.
/// Keyed by (device, seq), so a QoS 1 duplicate or a second backfill of the same event is stored once. Not tied to the
/// registry row by a foreign key: deleting a device must not delete the record of its alarms.
/// </summary>
public sealed class AlarmEventRow : ITenantOwned
{
    /// <summary>The device id (32 hex digits) and the seq (20 digits): unique per (device, seq) and the list's tie-breaker.</summary>
    public string Key { get; set; } = "";

    public Guid DeviceId { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The device's id on the wire (topic level and payload source), as it was when the event arrived.</summary>
    public string Source { get; set; } = "";

    public string Tag { get; set; } = "";

    /// <summary>Wire name: HH, H, L, LL, rate, sensor_fault.</summary>
    public string Kind { get; set; } = "";

    /// <summary>Wire name of the event: raised, returned, acknowledged, cleared.</summary>
    public string State { get; set; } = "";

    /// <summary>In <see cref="Unit"/>; null when the event had none.</summary>
    public double? Value { get; set; }

    /// <summary>The limit crossed, in <see cref="Unit"/>; null for sensor_fault.</summary>
    public double? Limit { get; set; }

    public string Unit { get; set; } = "";

    public bool Latched { get; set; }

    /// <summary>Source time of the event (time_ms), UTC.</summary>
    public DateTime EventAt { get; set; }

    /// <summary>The device's seq, zero-padded to 20 digits.</summary>
    public string Seq { get; set; } = "";

    /// <summary>When this server received it.</summary>
    public DateTime ReceivedAt { get; set; }

    public static string KeyOf(Guid deviceId, ulong seq) => deviceId.ToString("N") + seq.ToString("D20", CultureInfo.InvariantCulture);
}
