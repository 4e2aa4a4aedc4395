using EdgeSensors.Gateway.Storage.Queue;

namespace EdgeSensors.Gateway.Storage.Recovery;

/// <summary>What was read back out of a damaged queue.db.</summary>
/// <param name="Salvaged">Entries (and their bytes) copied into the fresh file, by kind.</param>
/// <param name="ExpectedDepth">Entries the damaged file said it held (meta.depth), when that was readable.</param>
/// <param name="ExpectedAlarms">Alarm entries the damaged file said it held, when readable.</param>
/// <param name="NextSeqFromMeta">The damaged file's next seq, or 0 when unreadable.</param>
/// <param name="MaxSalvagedSeq">Highest seq salvaged (0 when none).</param>
/// <param name="UnreadableRegions">Stretches of the file that could not be read and were skipped.</param>
/// <param name="CountersRecovered">Whether the persisted counters (drops, events) could be read.</param>
/// <param name="AsidePath">Where the damaged file was moved for inspection.</param>
internal sealed record SalvageReport(
    KindTally Salvaged,
    long? ExpectedDepth,
    long? ExpectedAlarms,
    ulong NextSeqFromMeta,
    ulong MaxSalvagedSeq,
    int UnreadableRegions,
    bool CountersRecovered,
    string AsidePath)
{
    /// <summary>Alarm entries known lost (0 when the damaged file's counts were unreadable).</summary>
    public long LostAlarms => ExpectedAlarms is long alarms && alarms > Salvaged.Alarms ? alarms - Salvaged.Alarms : 0;

    /// <summary>Readings known lost (0 when the damaged file's counts were unreadable).</summary>
    public long LostReadings => ExpectedDepth is long depth && ExpectedAlarms is long alarms && depth - alarms > Salvaged.Readings
        ? depth - alarms - Salvaged.Readings
        : 0;

    public string Describe() =>
        "salvaged " + Salvaged.Count + " entries (" + Salvaged.Alarms + " alarms)"
        + (ExpectedDepth is long depth ? " of " + depth + " the file held" : " (the file's own count was unreadable)")
        + ", " + UnreadableRegions + " unreadable regions skipped"
        + (CountersRecovered ? "" : ", drop counters were unreadable and restart from 0");
}
