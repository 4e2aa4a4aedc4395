using EdgeSensors.Gateway.Storage.Segments;
using EdgeSensors.Gateway.Storage.Sqlite;

namespace EdgeSensors.Gateway.Storage.Queue;

internal sealed partial class QueueDatabase
{
    /// <summary>
    /// Converts a schema-1 file (one <c>entries</c> row per entry) to segments in one transaction: runs of entries
    /// with the same kind and consecutive seqs become one segment each, then the old table is dropped. Seqs, payloads,
    /// acquisition times and the drop counters stay as they were. Returns how many entries were converted.
    /// </summary>
    public long MigrateLegacyEntries()
    {
        if (QueueConnection.Scalar(_connection, "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'entries'") == 0)
        {
            return 0;
        }

        using var transaction = Begin();
        long converted = 0;
        var run = new List<NewEntry>();
        ulong runFirst = 0;
        void Flush()
        {
            foreach (var (start, count) in SegmentCodec.Plan(run))
            {
                long size = 0;
                for (int i = start; i < start + count; i++)
                {
                    size += run[i].AccountedBytes;
                }

                InsertSegment(transaction, runFirst + (ulong)start, run, start, count, size);
            }

            converted += run.Count;
            run.Clear();
        }

        using (var select = _connection.CreateCommand())
        {
            select.Transaction = transaction;
            select.CommandText = "SELECT seq, kind, acquired_ms, source, payload FROM entries ORDER BY seq";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                var seq = (ulong)reader.GetInt64(0);
                var entry = new NewEntry((EntryKind)reader.GetInt32(1), reader.GetInt64(2), reader.GetString(3), (byte[])reader[4]);
                if (run.Count > 0 && (entry.Kind != run[0].Kind || seq != runFirst + (ulong)run.Count))
                {
                    Flush();
                }

                if (run.Count == 0)
                {
                    runFirst = seq;
                }

                run.Add(entry);
            }
        }

        Flush();
        QueueConnection.Execute(_connection, "DROP TABLE entries; UPDATE meta SET schema_version = " + QueueSchema.Version + " WHERE id = 1;", transaction);
        transaction.Commit();
        return converted;
    }
}
