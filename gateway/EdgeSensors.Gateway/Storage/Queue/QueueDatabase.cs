using EdgeSensors.Gateway.Storage.Segments;
using EdgeSensors.Gateway.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace EdgeSensors.Gateway.Storage.Queue;

/// <summary>
/// The SQL behind the queue, on one connection with statements prepared once. Not thread-safe: DurableQueue holds
/// its lock around every call. Entries live in segment rows (Storage/Segments): one row per run of same-kind entries
/// of an append, so SQLite works per poll, not per reading. Sequence numbers are SQLite rowids (signed 64-bit), so
/// they top out at 2^63 - 1.
/// </summary>
internal sealed partial class QueueDatabase : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly Utf8StringCache _sources = new(1024);
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _segmentAt;
    private readonly SqliteCommand _readTier;
    private readonly SqliteCommand _readBytes;
    private readonly SqliteCommand _deleteSegment;
    private readonly SqliteCommand _deleteGaps;
    private readonly SqliteCommand _writeGaps;
    private readonly SqliteCommand _writeMeta;
    private readonly SqliteCommand _writeCounter;
    private WalCheckpointer? _checkpointer;

    private QueueDatabase(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
        _insert = Prepare("INSERT INTO segments(" + QueueSchema.SegmentColumns + ") VALUES ($first, $last, $kind, $count, $min, $max, $size, $crc, $entries)",
            "$first", "$last", "$kind", "$count", "$min", "$max", "$size", "$crc", "$entries");
        _segmentAt = Prepare("SELECT " + QueueSchema.HeadColumns + QueueSchema.HeadFrom + "WHERE s.first_seq <= $seq ORDER BY s.first_seq DESC LIMIT 1", "$seq");
        _readTier = Prepare("SELECT " + QueueSchema.HeadColumns + ", s.crc, s.entries" + QueueSchema.HeadFrom
            + "WHERE s.kind = $kind AND s.last_seq > $after AND s.first_seq < $before ORDER BY s.last_seq", "$kind", "$after", "$before");
        _readBytes = Prepare("SELECT crc, entries FROM segments WHERE first_seq = $first", "$first");
        _deleteSegment = Prepare("DELETE FROM segments WHERE first_seq = $first", "$first");
        _deleteGaps = Prepare("DELETE FROM segment_gaps WHERE first_seq = $first", "$first");
        _writeGaps = Prepare("INSERT OR REPLACE INTO segment_gaps(first_seq, removed, removed_count, removed_bytes, live_min) VALUES ($first, $removed, $count, $bytes, $min)",
            "$first", "$removed", "$count", "$bytes", "$min");
        _writeMeta = Prepare("UPDATE meta SET next_seq = $next, depth = $depth, alarm_depth = $alarms WHERE id = 1", "$next", "$depth", "$alarms");
        _writeCounter = Prepare("INSERT INTO counters(name, value) VALUES ($name, $value) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            "$name", "$value");
    }

    public string Path { get; }

    /// <summary>Opens or creates queue.db with the queue's pragmas and schema.</summary>
    /// <remarks>
    /// With <paramref name="backgroundCheckpoint"/>, appends never run a WAL checkpoint themselves: a
    /// <see cref="WalCheckpointer"/> does it on its own thread (call <see cref="StartCheckpointer"/> once the file is known good).
    /// </remarks>
    public static QueueDatabase Open(string path, SynchronousMode synchronous, long maxFileBytes, bool backgroundCheckpoint = false)
    {
        var connection = QueueConnection.Open(path, synchronous, maxFileBytes, autoCheckpoint: !backgroundCheckpoint);
        try
        {
            QueueConnection.Execute(connection, QueueSchema.Create);
            return new QueueDatabase(path, connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>PRAGMA quick_check: null when the file is consistent, else SQLite's first findings.</summary>
    public string? QuickCheck()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check(5);";
        using var reader = command.ExecuteReader();
        var findings = new List<string>();
        while (reader.Read())
        {
            findings.Add(reader.GetString(0));
        }

        return findings is ["ok"] ? null : string.Join("; ", findings);
    }

    public SqliteTransaction Begin() => _connection.BeginTransaction();

    /// <summary>Starts checkpointing the WAL on its own thread (for a file opened with backgroundCheckpoint).</summary>
    public void StartCheckpointer() => _checkpointer ??= new WalCheckpointer(Path);

    public ulong ReadNextSeq() => (ulong)QueueConnection.Scalar(_connection, "SELECT next_seq FROM meta WHERE id = 1");

    public Dictionary<string, long> ReadCounters()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT name, value FROM counters";
        using var reader = command.ExecuteReader();
        var counters = new Dictionary<string, long>(StringComparer.Ordinal);
        while (reader.Read())
        {
            counters[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counters;
    }

    /// <summary>Waiting entries, their accounted bytes, alarm entries and the highest seq ever stored (a full scan: used at open).</summary>
    public (long Depth, long Bytes, long Alarms, ulong MaxSeq) ReadTotals()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(SUM(s.count - COALESCE(g.removed_count, 0)), 0), COALESCE(SUM(s.size - COALESCE(g.removed_bytes, 0)), 0), "
            + "COALESCE(SUM(CASE WHEN s.kind = 2 THEN s.count - COALESCE(g.removed_count, 0) ELSE 0 END), 0), COALESCE(MAX(s.last_seq), 0)"
            + QueueSchema.HeadFrom;
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), (ulong)reader.GetInt64(3));
    }

    /// <summary>Oldest acquisition time of a waiting entry in Unix ms, or null when the queue is empty (indexed: reads a row or two).</summary>
    public long? OldestAcquiredMs(SqliteTransaction? transaction = null)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT s.acquired_min, g.live_min" + QueueSchema.HeadFrom + "ORDER BY s.acquired_min";
        using var reader = command.ExecuteReader();
        long? oldest = null;
        while (reader.Read())
        {
            long min = reader.GetInt64(0);
            if (oldest is long found && min >= found)
            {
                break; // later rows start later still
            }

            long live = reader.IsDBNull(1) ? min : reader.GetInt64(1);
            oldest = oldest is long known ? Math.Min(known, live) : live;
        }

        return oldest;
    }

    /// <summary>Stores entries[start..start+count) as one segment whose first entry gets <paramref name="firstSeq"/>.</summary>
    public void InsertSegment(SqliteTransaction transaction, ulong firstSeq, IReadOnlyList<NewEntry> entries, int start, int count, long size)
    {
        byte[] blob = SegmentCodec.Encode(entries, start, count, out long min, out long max);
        InsertRaw(transaction, new SegmentRow(firstSeq, entries[start].Kind, count, min, max, size, SegmentCodec.Checksum(blob), blob));
    }

    /// <summary>Stores a segment row as it is (a salvage or a conversion).</summary>
    public void InsertRaw(SqliteTransaction transaction, SegmentRow row)
    {
        _insert.Transaction = transaction;
        _insert.Parameters[0].Value = (long)row.FirstSeq;
        _insert.Parameters[1].Value = (long)(row.FirstSeq + (ulong)row.Count - 1);
        _insert.Parameters[2].Value = (int)row.Kind;
        _insert.Parameters[3].Value = row.Count;
        _insert.Parameters[4].Value = row.AcquiredMin;
        _insert.Parameters[5].Value = row.AcquiredMax;
        _insert.Parameters[6].Value = row.Size;
        _insert.Parameters[7].Value = (long)row.Crc;
        _insert.Parameters[8].Value = row.Bytes;
        _insert.ExecuteNonQuery();
    }

    /// <summary>Records which entries of a segment are gone (a salvage copies them as they were).</summary>
    public void WriteGaps(SqliteTransaction transaction, ulong firstSeq, byte[] removed, int removedCount, long removedBytes, long liveMin)
    {
        _writeGaps.Transaction = transaction;
        _writeGaps.Parameters[0].Value = (long)firstSeq;
        _writeGaps.Parameters[1].Value = removed;
        _writeGaps.Parameters[2].Value = removedCount;
        _writeGaps.Parameters[3].Value = removedBytes;
        _writeGaps.Parameters[4].Value = liveMin;
        _writeGaps.ExecuteNonQuery();
    }

    /// <summary>Removes entries by seq (acknowledged ones); seqs not stored (already acked or dropped) are ignored.</summary>
    public KindTally RemoveSeqs(SqliteTransaction transaction, IEnumerable<ulong> seqs)
    {
        var removed = default(KindTally);
        ulong[] sorted = [.. seqs];
        Array.Sort(sorted);
        for (int i = 0; i < sorted.Length;)
        {
            SegmentHead? head = SegmentAt(transaction, sorted[i]);
            if (head is null || sorted[i] > head.LastSeq)
            {
                i++;
                continue;
            }

            int end = i;
            int live = 0;
            while (end < sorted.Length && sorted[end] <= head.LastSeq)
            {
                if ((end == i || sorted[end] != sorted[end - 1]) && !head.IsRemoved((int)(sorted[end] - head.FirstSeq)))
                {
                    live++;
                }

                end++;
            }

            if (live == head.LiveCount)
            {
                RemoveAll(transaction, head, ref removed);
            }
            else if (live > 0)
            {
                var chosen = new HashSet<int>();
                for (int k = i; k < end; k++)
                {
                    chosen.Add((int)(sorted[k] - head.FirstSeq));
                }

                RemoveWhere(transaction, head, (index, _) => chosen.Contains(index), ref removed);
            }

            i = end;
        }

        return removed;
    }

    /// <summary>Deletes the oldest entries of <paramref name="kind"/> until at least <paramref name="bytesToFree"/> are freed.</summary>
    public KindTally DeleteOldest(SqliteTransaction transaction, EntryKind kind, long bytesToFree)
    {
        var heads = new List<SegmentHead>();
        using (var select = _connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT " + QueueSchema.HeadColumns + QueueSchema.HeadFrom + "WHERE s.kind = $kind ORDER BY s.last_seq";
            select.Parameters.AddWithValue("$kind", (int)kind);
            using var reader = select.ExecuteReader();
            long planned = 0;
            while (planned < bytesToFree && reader.Read())
            {
                var head = ReadHead(reader);
                heads.Add(head);
                planned += head.LiveBytes;
            }
        }

        var removed = default(KindTally);
        foreach (var head in heads)
        {
            if (removed.Bytes >= bytesToFree)
            {
                break;
            }

            if (bytesToFree - removed.Bytes >= head.LiveBytes)
            {
                RemoveAll(transaction, head, ref removed);
            }
            else
            {
                long need = bytesToFree - removed.Bytes;
                long freed = 0;
                RemoveWhere(transaction, head, (_, entry) =>
                {
                    if (freed >= need)
                    {
                        return false;
                    }

                    freed += entry.AccountedBytes;
                    return true;
                }, ref removed);
            }
        }

        return removed;
    }

    /// <summary>Deletes every entry acquired before <paramref name="cutoffMs"/> (Unix ms).</summary>
    public KindTally DeleteAcquiredBefore(SqliteTransaction transaction, long cutoffMs)
    {
        var heads = new List<SegmentHead>();
        using (var select = _connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT " + QueueSchema.HeadColumns + QueueSchema.HeadFrom + "WHERE s.acquired_min < $cutoff";
            select.Parameters.AddWithValue("$cutoff", cutoffMs);
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                heads.Add(ReadHead(reader));
            }
        }

        var removed = default(KindTally);
        foreach (var head in heads)
        {
            if (head.EffectiveMin >= cutoffMs)
            {
                continue; // what is older in it is gone already
            }

            if (head.AcquiredMax < cutoffMs)
            {
                RemoveAll(transaction, head, ref removed);
            }
            else
            {
                RemoveWhere(transaction, head, (_, entry) => entry.AcquiredMs < cutoffMs, ref removed);
            }
        }

        return removed;
    }

    /// <summary>Waiting entries of one kind with after &lt; seq &lt; before, oldest first, at most <paramref name="limit"/>.</summary>
    public List<QueuedEntry> Read(EntryKind kind, ulong after, ulong before, int limit, ulong liveFrom)
    {
        var entries = new List<QueuedEntry>();
        if (limit <= 0 || before <= after + 1)
        {
            return entries;
        }

        _readTier.Transaction = null;
        _readTier.Parameters[0].Value = (int)kind;
        _readTier.Parameters[1].Value = ToRowid(after);
        _readTier.Parameters[2].Value = ToRowid(before);
        using var reader = _readTier.ExecuteReader();
        while (entries.Count < limit && reader.Read())
        {
            var head = ReadHead(reader);
            var blob = (byte[])reader[11];
            var decoded = SegmentCodec.Decode(blob, head.Count, (uint)reader.GetInt64(10), head.FirstSeq);
            for (int i = 0; i < decoded.Length && entries.Count < limit; i++)
            {
                ulong seq = head.FirstSeq + (ulong)i;
                if (seq <= after || seq >= before || head.IsRemoved(i))
                {
                    continue;
                }

                var entry = decoded[i];
                entries.Add(new QueuedEntry(seq, kind, entry.AcquiredMs, _sources.Get(blob.AsSpan(entry.SourceOffset, entry.SourceBytes)), entry.Payload(blob), seq < liveFrom));
            }
        }

        return entries;
    }

    /// <summary>True when some waiting entry of <paramref name="kind"/> has after &lt; seq &lt; before.</summary>
    public bool AnyBetween(EntryKind kind, ulong after, ulong before) => Read(kind, after, before, 1, 0).Count > 0;

    public void WriteMeta(SqliteTransaction transaction, ulong nextSeq, long depth, long alarmDepth)
    {
        _writeMeta.Transaction = transaction;
        _writeMeta.Parameters[0].Value = (long)nextSeq;
        _writeMeta.Parameters[1].Value = depth;
        _writeMeta.Parameters[2].Value = alarmDepth;
        _writeMeta.ExecuteNonQuery();
    }

    public void WriteCounters(SqliteTransaction transaction, IEnumerable<KeyValuePair<string, long>> counters)
    {
        _writeCounter.Transaction = transaction;
        foreach (var (name, value) in counters)
        {
            _writeCounter.Parameters[0].Value = name;
            _writeCounter.Parameters[1].Value = value;
            _writeCounter.ExecuteNonQuery();
        }
    }

    /// <summary>
    /// Copies the WAL into queue.db and truncates the WAL to 0 bytes. On a full disk this gives back the WAL's space
    /// (up to the autocheckpoint size, about 4 MB) before any entry has to be dropped.
    /// </summary>
    public void CheckpointAndTruncateWal() => QueueConnection.Execute(_connection, "PRAGMA wal_checkpoint(TRUNCATE);");

    /// <summary>Size of queue.db plus its -wal file, in bytes.</summary>
    public long FileBytes()
    {
        long total = 0;
        foreach (string file in new[] { Path, QueueConnection.WalPath(Path) })
        {
            var info = new FileInfo(file);
            total += info.Exists ? info.Length : 0;
        }

        return total;
    }

    public void Dispose()
    {
        _checkpointer?.Dispose(); // its connection closes first, so closing ours checkpoints and removes the WAL
        _checkpointer = null;
        _insert.Dispose();
        _segmentAt.Dispose();
        _readTier.Dispose();
        _readBytes.Dispose();
        _deleteSegment.Dispose();
        _deleteGaps.Dispose();
        _writeGaps.Dispose();
        _writeMeta.Dispose();
        _writeCounter.Dispose();
        _connection.Dispose();
    }

    /// <summary>Reads the 10 columns of <see cref="QueueSchema.HeadColumns"/>.</summary>
    internal static SegmentHead ReadHead(SqliteDataReader reader) => new()
    {
        FirstSeq = (ulong)reader.GetInt64(0),
        Count = reader.GetInt32(1),
        Kind = (EntryKind)reader.GetInt32(2),
        Size = reader.GetInt64(3),
        AcquiredMin = reader.GetInt64(4),
        AcquiredMax = reader.GetInt64(5),
        Removed = reader.IsDBNull(6) ? null : (byte[])reader[6],
        RemovedCount = reader.IsDBNull(7) ? 0 : reader.GetInt32(7),
        RemovedBytes = reader.IsDBNull(8) ? 0 : reader.GetInt64(8),
        LiveMin = reader.IsDBNull(9) ? null : reader.GetInt64(9),
    };

    private SegmentHead? SegmentAt(SqliteTransaction transaction, ulong seq)
    {
        _segmentAt.Transaction = transaction;
        _segmentAt.Parameters[0].Value = ToRowid(seq);
        using var reader = _segmentAt.ExecuteReader();
        return reader.Read() ? ReadHead(reader) : null;
    }

    /// <summary>Every entry of the segment still waiting goes: the row and its gaps are deleted.</summary>
    private void RemoveAll(SqliteTransaction transaction, SegmentHead head, ref KindTally removed)
    {
        removed.Add(head.Kind, head.LiveCount, head.LiveBytes);
        DeleteSegment(transaction, head);
    }

    /// <summary>Removes the waiting entries <paramref name="select"/> picks (index, entry); the row goes when none is left.</summary>
    private void RemoveWhere(SqliteTransaction transaction, SegmentHead head, Func<int, SegmentEntry, bool> select, ref KindTally removed)
    {
        _readBytes.Transaction = transaction;
        _readBytes.Parameters[0].Value = (long)head.FirstSeq;
        uint crc;
        byte[] blob;
        using (var reader = _readBytes.ExecuteReader())
        {
            if (!reader.Read())
            {
                return;
            }

            crc = (uint)reader.GetInt64(0);
            blob = (byte[])reader[1];
        }

        var entries = SegmentCodec.Decode(blob, head.Count, crc, head.FirstSeq);
        byte[] bits = head.Removed is { } known && known.Length == (head.Count + 7) / 8 ? (byte[])known.Clone() : new byte[(head.Count + 7) / 8];
        int removedCount = head.RemovedCount;
        long removedBytes = head.RemovedBytes;
        long liveMin = long.MaxValue;
        bool changed = false;
        for (int i = 0; i < entries.Length; i++)
        {
            if (head.IsRemoved(i))
            {
                continue;
            }

            if (select(i, entries[i]))
            {
                bits[i >> 3] |= (byte)(1 << (i & 7));
                removedCount++;
                removedBytes += entries[i].AccountedBytes;
                removed.Add(head.Kind, 1, entries[i].AccountedBytes);
                changed = true;
            }
            else
            {
                liveMin = Math.Min(liveMin, entries[i].AcquiredMs);
            }
        }

        if (!changed)
        {
            return;
        }

        if (removedCount >= head.Count)
        {
            DeleteSegment(transaction, head);
        }
        else
        {
            WriteGaps(transaction, head.FirstSeq, bits, removedCount, removedBytes, liveMin);
        }
    }

    private void DeleteSegment(SqliteTransaction transaction, SegmentHead head)
    {
        _deleteSegment.Transaction = transaction;
        _deleteSegment.Parameters[0].Value = (long)head.FirstSeq;
        _deleteSegment.ExecuteNonQuery();
        if (head.Removed is not null)
        {
            _deleteGaps.Transaction = transaction;
            _deleteGaps.Parameters[0].Value = (long)head.FirstSeq;
            _deleteGaps.ExecuteNonQuery();
        }
    }

    private static long ToRowid(ulong seq) => seq > long.MaxValue ? long.MaxValue : (long)seq;

    private SqliteCommand Prepare(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (string name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }
}

/// <summary>A whole segment row, as stored.</summary>
internal sealed record SegmentRow(ulong FirstSeq, EntryKind Kind, int Count, long AcquiredMin, long AcquiredMax, long Size, uint Crc, byte[] Bytes);
