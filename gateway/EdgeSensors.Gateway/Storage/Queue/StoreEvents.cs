namespace EdgeSensors.Gateway.Storage.Queue;

/// <summary>Storage incidents counted since the queue was created (persisted, so they survive restarts).</summary>
/// <param name="DiskFullWrites">Appends (or acks) that met a full disk (or Storage:MaxFileBytes), whether or not room could be made.</param>
/// <param name="WriteErrors">Writes that failed with an I/O error.</param>
/// <param name="UncleanShutdowns">Starts that found the previous run had not closed the queue (power cut, kill -9).</param>
/// <param name="TornWalRecoveries">Starts where SQLite had to discard a torn or unfinished WAL tail.</param>
/// <param name="CorruptionRecoveries">Times a damaged database was salvaged into a fresh file.</param>
/// <param name="SalvagedEntries">Entries copied out of damaged files in total.</param>
public sealed record StoreEvents(long DiskFullWrites, long WriteErrors, long UncleanShutdowns, long TornWalRecoveries, long CorruptionRecoveries, long SalvagedEntries)
{
    internal const string DiskFullKey = "events.disk_full";
    internal const string WriteErrorKey = "events.write_error";
    internal const string UncleanShutdownKey = "events.unclean_shutdown";
    internal const string TornWalKey = "events.torn_wal";
    internal const string CorruptionKey = "events.corruption_recovered";
    internal const string SalvagedKey = "events.salvaged_entries";

    internal static StoreEvents FromCounters(IReadOnlyDictionary<string, long> counters)
    {
        long Get(string key) => counters.TryGetValue(key, out long value) ? value : 0;
        return new StoreEvents(Get(DiskFullKey), Get(WriteErrorKey), Get(UncleanShutdownKey), Get(TornWalKey), Get(CorruptionKey), Get(SalvagedKey));
    }
}
