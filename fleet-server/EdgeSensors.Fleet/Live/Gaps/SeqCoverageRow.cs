using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Live.Gaps;

/// <summary>
/// Which seqs the server has received from one device, over its telemetry and alarms (one seq space per device),
/// as <see cref="SeqRanges"/> text (table seq_coverage). <see cref="Version"/> is a concurrency token: two instances
/// merging at once cannot lose each other's seqs (the loser reloads and merges again).
/// </summary>
public sealed class SeqCoverageRow : ITenantOwned
{
    public Guid DeviceId { get; set; }

    public Guid TenantId { get; set; }

    /// <summary>"first-last,first-last,...", sorted; at most <see cref="SeqRanges.MaxRanges"/> runs.</summary>
    public string Ranges { get; set; } = "";

    public DateTime UpdatedAt { get; set; }

    public int Version { get; set; }
}
