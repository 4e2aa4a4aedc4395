using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Live.Storage;

/// <summary>
/// The latest reading of one tag of one device (table live_readings), replaced only by a reading with a higher seq,
/// so a duplicate or a late backfill never overwrites a newer value.
/// </summary>
public sealed class LiveReadingRow : ITenantOwned
{
    public Guid DeviceId { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>The reading's tag as sent (gateway: device/tag).</summary>
    public string Tag { get; set; } = "";

    /// <summary>Engineering value in <see cref="Unit"/>; null when the reading had no finite value (quality says why).</summary>
    public double? Value { get; set; }

    public string Unit { get; set; } = "";

    /// <summary>The wire name of the quality (good, stale, comm_failure, out_of_range, sensor_fault).</summary>
    public string Quality { get; set; } = "";

    /// <summary>Acquisition time at the source (time_ms), UTC.</summary>
    public DateTime ReadingAt { get; set; }

    /// <summary>The source's seq, zero-padded to 20 digits so text order is number order (and a concurrency token).</summary>
    public string Seq { get; set; } = "";

    /// <summary>When this server received it.</summary>
    public DateTime ReceivedAt { get; set; }
}
