using Microsoft.Extensions.Logging;

namespace EdgeSensors.Gateway.Storage;

/// <summary>Every message the queue logs: what happened, what was lost or kept, and what the operator should do.</summary>
internal static partial class StoreLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Error,
        Message = "Queue database {Path} was damaged ({Problem}); {Salvage}. The damaged file was moved to {Aside} for inspection and the queue goes on from a fresh file; {LostReadings} readings and {LostAlarms} alarms are known lost (counted as drops.corruption). Check the storage medium (dmesg for I/O errors, the card's health) and replace it if this happens again; delete the moved file once inspected.")]
    public static partial void CorruptionRecovered(ILogger logger, string path, string problem, string salvage, string aside, long lostReadings, long lostAlarms);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning,
        Message = "Queue database {Path}: the previous run did not close the queue (power cut, kill or crash) and SQLite discarded part of its write-ahead log: {Wal}. Entries whose append had returned before the cut are kept at Storage:Synchronous=Full; at Normal the last commits before a power cut can be among those discarded. Sequence numbers continue at {NextSeq} (a reserved block is skipped, none is reused). Nothing to do unless this repeats; then check the power supply.")]
    public static partial void TornWal(ILogger logger, string path, string wal, ulong nextSeq);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information,
        Message = "Queue database {Path}: the previous run did not close the queue (power cut, kill or crash); SQLite replayed the write-ahead log ({Wal}) and nothing was lost. Sequence numbers continue at {NextSeq} (a reserved block is skipped, none is reused).")]
    public static partial void UncleanShutdown(ILogger logger, string path, string wal, ulong nextSeq);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error,
        Message = "Queue database {Path}: disk full ({Detail}). {DroppedOld} oldest queued entries and {DroppedNew} new entries were dropped so far (counted as drops.disk_full). Free space on the filesystem holding {Directory} (check with: df -h {Directory}), or lower Storage:MaxBytes (now {MaxBytes} B) or Storage:MaxFileBytes (now {MaxFileBytes} B).")]
    public static partial void DiskFull(ILogger logger, string path, string detail, long droppedOld, long droppedNew, string directory, long maxBytes, long maxFileBytes);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Error,
        Message = "Queue database {Path}: write failed ({Detail}); {DroppedNew} new entries dropped (counted as drops.write_error). The storage medium may be failing: check dmesg for I/O errors and the permissions of {Directory}; replace the card if errors repeat.")]
    public static partial void WriteError(ILogger logger, string path, string detail, long droppedNew, string directory);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information,
        Message = "Queue database {Path}: writes succeed again after {Condition}.")]
    public static partial void WritesRecovered(ILogger logger, string path, string condition);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning,
        Message = "Queue {Path}: {Count} entries ({Alarms} of them alarms) dropped because Storage:{Key} was reached ({Limit}); {Total} dropped for this reason since the queue was created. Raise Storage:{Key} if the link is often down this long, or restore the link.")]
    public static partial void LimitDrops(ILogger logger, string path, long count, long alarms, string key, string limit, long total);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning,
        Message = "Cannot write the sequence reservation file in {Directory} ({Detail}). Entries are still stored, but if the database is later damaged, sequence numbers could repeat. Free space on, or fix the permissions of, {Directory}.")]
    public static partial void ReservationFailed(ILogger logger, string directory, string detail);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Error,
        Message = "Cannot open queue database {Path} ({Detail}). New entries are dropped until it opens (counted as drops.{Reason}); opening is retried every {RetrySeconds} s. Free space on, or fix the permissions of, {Directory}.")]
    public static partial void Unavailable(ILogger logger, string path, string detail, string reason, int retrySeconds, string directory);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning,
        Message = "Queue {Path}: a salvage interrupted by a crash was completed at start; the damaged file is beside it as queue.db.corrupt-*.")]
    public static partial void SalvageCompleted(ILogger logger, string path);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning,
        Message = "Queue database {Path}: a write failed ({Detail}); the write-ahead log was checkpointed and truncated to give its space back and the append was retried. If this repeats, the filesystem is nearly full or limits file size: check df -h {Directory} and ulimit -f of the gateway's service.")]
    public static partial void WalCheckpointedAfterWriteError(ILogger logger, string path, string detail, string directory);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information,
        Message = "Queue database {Path}: converted {Entries} entries from the one-row-per-entry layout (schema 1) to segments (schema 2); seqs and payloads are unchanged.")]
    public static partial void ConvertedLegacyLayout(ILogger logger, string path, long entries);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Error,
        Message = "Disk full on the filesystem of {Directory}: the {Bytes} B reserved for alarm events (queue.reserve) was released so alarm events can still be stored; new readings are dropped (counted as drops.disk_full) until there is room again. Free space (df -h {Directory}).")]
    public static partial void ReserveReleased(ILogger logger, string directory, long bytes);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Information,
        Message = "The filesystem of {Directory} has room again: the {Bytes} B alarm reserve (queue.reserve) is written anew and readings are stored again.")]
    public static partial void ReserveRearmed(ILogger logger, string directory, long bytes);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Warning,
        Message = "Cannot write the {Bytes} B alarm reserve (queue.reserve) in {Directory}: if the disk fills up completely, new alarm events cannot be stored until space is freed. Free space (df -h {Directory}).")]
    public static partial void ReserveNotWritten(ILogger logger, string directory, long bytes);
}
