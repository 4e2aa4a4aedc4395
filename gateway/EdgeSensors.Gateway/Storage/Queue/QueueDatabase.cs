using EdgeSensors.Gateway.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace EdgeSensors.Gateway.Storage.Queue;

/// <summary>
/// The SQL behind the queue, on one connection with statements prepared once. Not thread-safe: DurableQueue holds
/// its lock around every call. Sequence numbers are SQLite rowids (signed 64-bit), so they top out at 2^63 - 1.
/// </summary>
internal sealed class QueueDatabase : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _deleteSeq;
    private readonly SqliteCommand _readTier;
    private readonly SqliteCommand _writeMeta;
    private readonly SqliteCommand _writeCounter;

    private QueueDatabase(string path, SqliteConnection connection)
    {
        Path = path;
        _connection = connection;
        _insert = Prepare("INSERT INTO entries(seq, kind, acquired_ms, source, payload, size) VALUES ($seq, $kind, $acquired, $source, $payload, $size)",
            "$seq", "$kind", "$acquired", "$source", "$payload", "$size");
        _deleteSeq = Prepare("DELETE FROM entries WHERE seq = $seq RETURNING kind, size", "$seq");
        _readTier = Prepare("SELECT " + QueueSchema.EntryColumns + " FROM entries WHERE kind = $kind AND seq > $after AND seq < $before ORDER BY seq LIMIT $limit",
            "$kind", "$after", "$before", "$limit");
        _writeMeta = Prepare("UPDATE meta SET next_seq = $next, depth = $depth, alarm_depth = $alarms WHERE id = 1", "$next", "$depth", "$alarms");
        _writeCounter = Prepare("INSERT INTO counters(name, value) VALUES ($name, $value) ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            "$name", "$value");
    }

    public string Path { get; }

    /// <summary>Opens or creates queue.db with the queue's pragmas and schema.</summary>
    public static QueueDatabase Open(string path, SynchronousMode synchronous, long maxFileBytes)
    {
        var connection = QueueConnection.Open(path, synchronous, maxFileBytes);
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

    /// <summary>Entries, accounted bytes and alarm entries in the table (a full scan: used at open).</summary>
    public (long Depth, long Bytes, long Alarms, ulong MaxSeq) ReadTotals()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*), COALESCE(SUM(size), 0), COALESCE(SUM(kind = 2), 0), COALESCE(MAX(seq), 0) FROM entries";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), (ulong)reader.GetInt64(3));
    }

    /// <summary>Oldest acquisition time in Unix ms, or null when the queue is empty (indexed, cheap).</summary>
    public long? OldestAcquiredMs(SqliteTransaction? transaction = null)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT MIN(acquired_ms) FROM entries";
        object? value = command.ExecuteScalar();
        return value is long ms ? ms : null;
    }

    public void Insert(SqliteTransaction transaction, ulong seq, NewEntry entry, long size)
    {
        _insert.Transaction = transaction;
        _insert.Parameters[0].Value = (long)seq;
        _insert.Parameters[1].Value = (int)entry.Kind;
        _insert.Parameters[2].Value = entry.AcquiredAtMs;
        _insert.Parameters[3].Value = entry.Source;
        _insert.Parameters[4].Value = entry.Payload;
        _insert.Parameters[5].Value = size;
        _insert.ExecuteNonQuery();
    }

    /// <summary>Deletes one entry; returns false when it was not there (already acked or dropped).</summary>
    public bool Delete(SqliteTransaction transaction, ulong seq, ref KindTally removed)
    {
        _deleteSeq.Transaction = transaction;
        _deleteSeq.Parameters[0].Value = (long)seq;
        using var reader = _deleteSeq.ExecuteReader();
        if (!reader.Read())
        {
            return false;
        }

        removed.Add((EntryKind)reader.GetInt32(0), reader.GetInt64(1));
        return true;
    }

    /// <summary>Deletes the oldest entries of <paramref name="kind"/> until at least <paramref name="bytesToFree"/> are freed.</summary>
    public KindTally DeleteOldest(SqliteTransaction transaction, EntryKind kind, long bytesToFree)
    {
        var removed = default(KindTally);
        long lastSeq = -1;
        using (var select = _connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT seq, size FROM entries WHERE kind = $kind ORDER BY seq";
            select.Parameters.AddWithValue("$kind", (int)kind);
            using var reader = select.ExecuteReader();
            while (removed.Bytes < bytesToFree && reader.Read())
            {
                lastSeq = reader.GetInt64(0);
                removed.Add(kind, reader.GetInt64(1));
            }
        }

        if (lastSeq >= 0)
        {
            using var delete = _connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM entries WHERE kind = $kind AND seq <= $last";
            delete.Parameters.AddWithValue("$kind", (int)kind);
            delete.Parameters.AddWithValue("$last", lastSeq);
            delete.ExecuteNonQuery();
        }

        return removed;
    }

    /// <summary>Deletes every entry acquired before <paramref name="cutoffMs"/> (Unix ms).</summary>
    public KindTally DeleteAcquiredBefore(SqliteTransaction transaction, long cutoffMs)
    {
        var removed = default(KindTally);
        using var delete = _connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = "DELETE FROM entries WHERE acquired_ms < $cutoff RETURNING kind, size";
        delete.Parameters.AddWithValue("$cutoff", cutoffMs);
        using var reader = delete.ExecuteReader();
        while (reader.Read())
        {
            removed.Add((EntryKind)reader.GetInt32(0), reader.GetInt64(1));
        }

        return removed;
    }

    /// <summary>Entries of one kind with after &lt; seq &lt; before, oldest first.</summary>
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
        _readTier.Parameters[3].Value = limit;
        using var reader = _readTier.ExecuteReader();
        while (reader.Read())
        {
            var seq = (ulong)reader.GetInt64(0);
            entries.Add(new QueuedEntry(seq, (EntryKind)reader.GetInt32(1), reader.GetInt64(2), reader.GetString(3), (byte[])reader[4], seq < liveFrom));
        }

        return entries;
    }

    /// <summary>True when some entry of <paramref name="kind"/> has after &lt; seq &lt; before.</summary>
    public bool AnyBetween(EntryKind kind, ulong after, ulong before)
    {
        if (before <= after + 1)
        {
            return false;
        }

        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT EXISTS(SELECT 1 FROM entries WHERE kind = $kind AND seq > $after AND seq < $before)";
        command.Parameters.AddWithValue("$kind", (int)kind);
        command.Parameters.AddWithValue("$after", ToRowid(after));
        command.Parameters.AddWithValue("$before", ToRowid(before));
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

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
        _insert.Dispose();
        _deleteSeq.Dispose();
        _readTier.Dispose();
        _writeMeta.Dispose();
        _writeCounter.Dispose();
        _connection.Dispose();
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
