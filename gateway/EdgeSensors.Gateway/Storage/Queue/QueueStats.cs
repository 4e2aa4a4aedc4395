using EdgeSensors.Gateway.Storage.Retention;

namespace EdgeSensors.Gateway.Storage.Queue;

/// <summary>A consistent snapshot of the queue, for the status API and logs.</summary>
/// <param name="Depth">Entries waiting for a broker acknowledgement.</param>
/// <param name="AlarmDepth">Of those, alarm events.</param>
/// <param name="Bytes">Accounted bytes of the waiting entries (payload + source + 32 B each), limited by Storage:MaxBytes.</param>
/// <param name="MaxBytes">Storage:MaxBytes in effect.</param>
/// <param name="OldestAge">Age of the oldest waiting entry by acquisition time; null when empty or unreadable.</param>
/// <param name="NextSeq">Sequence number the next appended entry gets.</param>
/// <param name="Drops">Entries dropped without acknowledgement, by reason, alarms apart.</param>
/// <param name="Events">Disk full, write errors, unclean shutdowns, torn WAL and corruption recoveries so far.</param>
/// <param name="Health">Current condition and what to do about it.</param>
/// <param name="FileBytes">Size of queue.db plus its -wal file on disk.</param>
public sealed record QueueStats(
    long Depth,
    long AlarmDepth,
    long Bytes,
    long MaxBytes,
    TimeSpan? OldestAge,
    ulong NextSeq,
    DropCounts Drops,
    StoreEvents Events,
    StoreHealth Health,
    long FileBytes)
{
    public override string ToString() =>
        "depth " + Depth + " entries (" + AlarmDepth + " alarms), " + Bytes + " B of " + MaxBytes + " B, oldest "
        + (OldestAge is TimeSpan age ? age.TotalSeconds.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + " s" : "-")
        + ", next seq " + NextSeq + ", drops: " + Drops + ", " + Health.Condition;
}
