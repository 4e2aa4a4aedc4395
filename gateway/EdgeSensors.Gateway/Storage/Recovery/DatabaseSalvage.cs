using System.Globalization;
using EdgeSensors.Gateway.Storage.Queue;
using EdgeSensors.Gateway.Storage.Segments;
using EdgeSensors.Gateway.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace EdgeSensors.Gateway.Storage.Recovery;

/// <summary>
/// Copies every readable segment of a damaged queue.db into a fresh file, then swaps the files:
/// 1. read the damaged file in place (its WAL is replayed) into queue.db.salvage;
/// 2. move the damaged queue.db and its -wal aside as queue.db.corrupt-&lt;UTC time&gt;[-wal];
/// 3. rename queue.db.salvage to queue.db.
/// If the gateway dies during step 1 the next start deletes the partial .salvage and salvages again; if it dies
/// between 2 and 3 the next start finds a complete .salvage without queue.db and finishes the rename
/// (<see cref="FinishInterrupted"/>).
/// </summary>
internal static class DatabaseSalvage
{
    private const int ChunkRows = 64;
    private const int MaxUnreadableRegions = 10_000;

    public static string SalvagePath(string databasePath) => databasePath + ".salvage";

    /// <summary>Completes or discards a salvage that a crash interrupted; true when it completed one.</summary>
    public static bool FinishInterrupted(string databasePath)
    {
        string salvage = SalvagePath(databasePath);
        if (!File.Exists(salvage))
        {
            return false;
        }

        if (File.Exists(databasePath))
        {
            // Step 1 never finished: the damaged original is still in place, salvage it again.
            File.Delete(salvage);
            File.Delete(QueueConnection.WalPath(salvage));
            File.Delete(QueueConnection.ShmPath(salvage));
            return false;
        }

        File.Move(salvage, databasePath);
        return true;
    }

    public static SalvageReport Run(string databasePath, SynchronousMode synchronous, TimeProvider clock)
    {
        string salvagePath = SalvagePath(databasePath);
        File.Delete(salvagePath);
        long? expectedDepth = null;
        long? expectedAlarms = null;
        ulong nextSeq = 0;
        var copied = new CopyProgress();
        Dictionary<string, long>? counters = null;

        using (var fresh = QueueDatabase.Open(salvagePath, synchronous, maxFileBytes: 0))
        {
            try
            {
                using var damaged = new SqliteConnection(QueueConnection.ConnectionString(databasePath, SqliteOpenMode.ReadWrite));
                damaged.Open();
                (nextSeq, expectedDepth, expectedAlarms) = TryReadMeta(damaged);
                counters = TryReadCounters(damaged);
                CopySegments(damaged, fresh, Math.Max(nextSeq, 1UL << 62), copied);
            }
            catch (SqliteException)
            {
                // The header or schema itself is unreadable (or the file has no segment table: a damaged schema-1
                // file, whose entries are not salvaged): nothing more to copy.
                copied.UnreadableRegions++;
            }

            using var transaction = fresh.Begin();
            if (counters is not null)
            {
                fresh.WriteCounters(transaction, counters);
            }

            fresh.WriteMeta(transaction, Math.Max(nextSeq, copied.MaxSeq + 1), copied.Tally.Count, copied.Tally.Alarms);
            transaction.Commit();
        }

        string aside = databasePath + ".corrupt-" + clock.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        MoveIfExists(QueueConnection.WalPath(databasePath), QueueConnection.WalPath(aside));
        File.Delete(QueueConnection.ShmPath(databasePath));
        MoveIfExists(databasePath, aside);
        File.Move(salvagePath, databasePath);
        return new SalvageReport(copied.Tally, expectedDepth, expectedAlarms, nextSeq, copied.MaxSeq, copied.UnreadableRegions, counters is not null, aside);
    }

    private static (ulong NextSeq, long? Depth, long? Alarms) TryReadMeta(SqliteConnection damaged)
    {
        try
        {
            using var command = damaged.CreateCommand();
            command.CommandText = "SELECT next_seq, depth, alarm_depth FROM meta WHERE id = 1";
            using var reader = command.ExecuteReader();
            return reader.Read() ? ((ulong)reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)) : (0, null, null);
        }
        catch (Exception exception) when (exception is SqliteException or InvalidCastException)
        {
            return (0, null, null);
        }
    }

    private static Dictionary<string, long>? TryReadCounters(SqliteConnection damaged)
    {
        try
        {
            using var command = damaged.CreateCommand();
            command.CommandText = "SELECT name, value FROM counters";
            using var reader = command.ExecuteReader();
            var counters = new Dictionary<string, long>(StringComparer.Ordinal);
            while (reader.Read())
            {
                counters[reader.GetString(0)] = reader.GetInt64(1);
            }

            return counters;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    /// <summary>
    /// Walks the segment table by first seq in chunks. When a chunk hits a damaged page, probes further and further
    /// ahead (after + 1, + 2, + 4, ...) until a read succeeds, so one bad leaf page costs only the rows on it. A row
    /// whose bytes fail their checksum is skipped alone. Which entries of a segment were already acked or dropped is
    /// copied along when readable (otherwise they are sent again: delivery is at-least-once).
    /// </summary>
    private static void CopySegments(SqliteConnection damaged, QueueDatabase fresh, ulong seqBound, CopyProgress progress)
    {
        var gaps = TryReadGaps(damaged);
        ulong after = 0;
        var chunk = new List<SegmentRow>(ChunkRows);
        while (progress.UnreadableRegions < MaxUnreadableRegions)
        {
            chunk.Clear();
            bool failed = false;
            try
            {
                ReadChunk(damaged, after, chunk);
            }
            catch (Exception exception) when (exception is SqliteException or InvalidCastException or InvalidOperationException)
            {
                failed = true;
            }

            // Keep what was read before a failure in the middle of a chunk.
            if (chunk.Count > 0)
            {
                using var transaction = fresh.Begin();
                foreach (var row in chunk)
                {
                    after = row.FirstSeq;
                    if (!Intact(row))
                    {
                        progress.UnreadableRegions++;
                        continue;
                    }

                    fresh.InsertRaw(transaction, row);
                    long removedCount = 0, removedBytes = 0;
                    if (gaps.TryGetValue(row.FirstSeq, out var gap) && gap.Removed.Length == (row.Count + 7) / 8 && gap.RemovedCount < row.Count)
                    {
                        fresh.WriteGaps(transaction, row.FirstSeq, gap.Removed, gap.RemovedCount, gap.RemovedBytes, gap.LiveMin);
                        removedCount = gap.RemovedCount;
                        removedBytes = gap.RemovedBytes;
                    }

                    progress.Tally.Add(row.Kind, row.Count - removedCount, row.Size - removedBytes);
                    progress.MaxSeq = row.FirstSeq + (ulong)row.Count - 1;
                }

                transaction.Commit();
            }

            if (!failed)
            {
                if (chunk.Count < ChunkRows)
                {
                    return;
                }

                continue;
            }

            progress.UnreadableRegions++;
            if (!TryFindReadableAfter(damaged, after, seqBound, out after))
            {
                return;
            }
        }
    }

    private static bool Intact(SegmentRow row)
    {
        try
        {
            SegmentCodec.Decode(row.Bytes, row.Count, row.Crc, row.FirstSeq);
            return true;
        }
        catch (SegmentDamagedException)
        {
            return false;
        }
    }

    private static void ReadChunk(SqliteConnection damaged, ulong after, List<SegmentRow> chunk)
    {
        using var command = damaged.CreateCommand();
        command.CommandText = "SELECT " + QueueSchema.SegmentColumns + " FROM segments WHERE first_seq > $after ORDER BY first_seq LIMIT $limit";
        command.Parameters.AddWithValue("$after", (long)after);
        command.Parameters.AddWithValue("$limit", ChunkRows);
        using var reader = command.ExecuteReader();
        ulong previous = after;
        while (reader.Read())
        {
            var first = (ulong)reader.GetInt64(0);
            long last = reader.GetInt64(1);
            long kind = reader.GetInt64(2);
            int count = reader.GetInt32(3);
            if (first <= previous || (kind != (long)EntryKind.Reading && kind != (long)EntryKind.AlarmEvent)
                || count <= 0 || last != (long)first + count - 1 || reader.IsDBNull(8))
            {
                throw new InvalidOperationException("implausible row at seq " + first + " (damaged page)");
            }

            chunk.Add(new SegmentRow(first, (EntryKind)kind, count, reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), (uint)reader.GetInt64(7), (byte[])reader[8]));
            previous = (ulong)last;
        }
    }

    /// <summary>The damaged file's record of partly removed segments; empty when unreadable.</summary>
    private static Dictionary<ulong, (byte[] Removed, int RemovedCount, long RemovedBytes, long LiveMin)> TryReadGaps(SqliteConnection damaged)
    {
        var gaps = new Dictionary<ulong, (byte[], int, long, long)>();
        try
        {
            using var command = damaged.CreateCommand();
            command.CommandText = "SELECT first_seq, removed, removed_count, removed_bytes, live_min FROM segment_gaps";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                gaps[(ulong)reader.GetInt64(0)] = ((byte[])reader[1], reader.GetInt32(2), reader.GetInt64(3), reader.GetInt64(4));
            }
        }
        catch (Exception exception) when (exception is SqliteException or InvalidCastException)
        {
            gaps.Clear();
        }

        return gaps;
    }

    private static bool TryFindReadableAfter(SqliteConnection damaged, ulong after, ulong seqBound, out ulong resumeAfter)
    {
        for (ulong step = 1; after + step < seqBound; step *= 2)
        {
            resumeAfter = after + step;
            try
            {
                using var command = damaged.CreateCommand();
                command.CommandText = "SELECT first_seq FROM segments WHERE first_seq > $after ORDER BY first_seq LIMIT 1";
                command.Parameters.AddWithValue("$after", (long)resumeAfter);
                object? next = command.ExecuteScalar();
                if (next is null)
                {
                    return false; // nothing readable past this point
                }

                resumeAfter = (ulong)(long)next - 1;
                return true;
            }
            catch (SqliteException)
            {
                // still inside the damaged stretch: look further ahead
            }
        }

        resumeAfter = after;
        return false;
    }

    private static void MoveIfExists(string from, string to)
    {
        if (File.Exists(from))
        {
            File.Move(from, to, overwrite: true);
        }
    }

    private sealed class CopyProgress
    {
        public KindTally Tally;
        public ulong MaxSeq;
        public int UnreadableRegions;
    }
}
