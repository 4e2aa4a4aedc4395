using System.Text;
using EdgeSensors.Gateway.Storage;
using EdgeSensors.Gateway.Storage.Queue;
using EdgeSensors.Gateway.Storage.Retention;
using Microsoft.Data.Sqlite;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>
/// The queue stores the entries of an append as segment rows (docs/storage.md): what that layout has to keep true on
/// top of the per-entry API: partial acks, conversion of the old one-row-per-entry files, and a checksum that catches
/// damage SQLite's page checks cannot see.
/// </summary>
public sealed class SegmentTests
{
    [Fact]
    public void An_append_is_stored_as_a_few_segment_rows_split_where_the_kind_changes()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using (var queue = DurableQueue.Open(Entries.Options(dir, clock)))
        {
            var batch = Enumerable.Range(0, 1000).Select(i => i == 500 ? Entries.Alarm(i, clock.NowMs) : Entries.Reading(i, clock.NowMs)).ToList();
            Assert.Equal(1000, queue.AppendBatch(batch).Stored);
        }

        var rows = Query(dir, "SELECT kind, first_seq, count FROM segments ORDER BY first_seq", r => (Kind: r.GetInt32(0), First: r.GetInt64(1), Count: r.GetInt32(2)));
        Assert.InRange(rows.Count, 3, 1000 / 20);
        Assert.Equal(1000, rows.Sum(r => r.Count));
        Assert.Single(rows, r => r.Kind == (int)EntryKind.AlarmEvent && r.First == 501 && r.Count == 1);
        for (int i = 1; i < rows.Count; i++)
        {
            Assert.Equal(rows[i - 1].First + rows[i - 1].Count, rows[i].First); // contiguous seqs, in append order
        }
    }

    [Fact]
    public void Partly_acked_segments_keep_exactly_the_unacked_entries_across_a_reopen()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        var entries = Enumerable.Range(0, 100).Select(i => Entries.Reading(i, clock.NowMs - (100 - i) * 1000L)).ToList();
        var acked = new HashSet<ulong>();
        using (var queue = DurableQueue.Open(Entries.Options(dir, clock)))
        {
            queue.AppendBatch(entries);
            for (ulong seq = 1; seq <= 100; seq += 3)
            {
                acked.Add(seq);
            }

            Assert.Equal(acked.Count, queue.Ack([.. acked]));
            Assert.Equal(0, queue.Ack([.. acked])); // acked twice: nothing more goes
        }

        long expectedBytes = entries.Where((_, i) => !acked.Contains((ulong)i + 1)).Sum(e => e.AccountedBytes);
        using (var queue = DurableQueue.Open(Entries.Options(dir, clock)))
        {
            var stats = queue.GetStats();
            Assert.Equal(100 - acked.Count, stats.Depth);
            Assert.Equal(expectedBytes, stats.Bytes);
            Assert.Equal(TimeSpan.FromSeconds(99), stats.OldestAge); // seq 1 (100 s old) is acked; seq 2 is the oldest left
            var left = Entries.Drain(queue);
            Assert.Equal(Enumerable.Range(1, 100).Select(i => (ulong)i).Where(s => !acked.Contains(s)), left.Select(e => e.Seq));
            Assert.All(left, e => Assert.Equal(Entries.Payload((int)e.Seq - 1, 64), e.Payload));
            Assert.Equal(left.Count, queue.Ack([.. left.Select(e => e.Seq)]));
            Assert.Equal(0, queue.GetStats().Depth);
            Assert.Equal(0, queue.GetStats().Bytes);
        }

        Assert.Equal(0L, Query(dir, "SELECT COUNT(*) FROM segments", r => r.GetInt64(0)).Single());
        Assert.Equal(0L, Query(dir, "SELECT COUNT(*) FROM segment_gaps", r => r.GetInt64(0)).Single());
    }

    [Fact]
    public void A_file_in_the_one_row_per_entry_layout_is_converted_with_its_seqs_payloads_and_counters()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using (var legacy = new SqliteConnection("Data Source=" + dir.Database + ";Pooling=False"))
        {
            legacy.Open();
            Execute(legacy, """
                PRAGMA journal_mode=WAL;
                CREATE TABLE entries(seq INTEGER PRIMARY KEY, kind INTEGER NOT NULL, acquired_ms INTEGER NOT NULL, source TEXT NOT NULL, payload BLOB NOT NULL, size INTEGER NOT NULL);
                CREATE INDEX entries_by_kind ON entries(kind);
                CREATE INDEX entries_by_acquired ON entries(acquired_ms);
                CREATE TABLE meta(id INTEGER PRIMARY KEY CHECK (id = 1), schema_version INTEGER NOT NULL, next_seq INTEGER NOT NULL, depth INTEGER NOT NULL, alarm_depth INTEGER NOT NULL);
                INSERT INTO meta VALUES (1, 1, 61, 49, 4);
                CREATE TABLE counters(name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
                """);
            using var insert = legacy.CreateCommand();
            insert.CommandText = "INSERT INTO entries VALUES ($seq, $kind, $acquired, $source, $payload, $size)";
            foreach (int seq in Enumerable.Range(1, 50).Where(s => s != 10))
            {
                var entry = seq % 10 == 0 ? Entries.Alarm(seq, clock.NowMs + seq) : Entries.Reading(seq, clock.NowMs + seq);
                insert.Parameters.Clear();
                insert.Parameters.AddWithValue("$seq", seq);
                insert.Parameters.AddWithValue("$kind", (int)entry.Kind);
                insert.Parameters.AddWithValue("$acquired", entry.AcquiredAtMs);
                insert.Parameters.AddWithValue("$source", entry.Source);
                insert.Parameters.AddWithValue("$payload", entry.Payload);
                insert.Parameters.AddWithValue("$size", entry.AccountedBytes);
                insert.ExecuteNonQuery();
            }

            Execute(legacy, "INSERT INTO counters VALUES ('" + DropCounts.Key(DropReason.Age, EntryKind.Reading) + "', 3)");
        }

        var log = new CapturingLogger();
        using var queue = DurableQueue.Open(Entries.Options(dir, clock), log);

        var stats = queue.GetStats();
        Assert.Equal(49, stats.Depth);
        Assert.Equal(4, stats.AlarmDepth);
        Assert.Equal(61UL, stats.NextSeq);
        Assert.Equal(3, stats.Drops.Readings(DropReason.Age));
        var all = Entries.Drain(queue);
        Assert.Equal(Enumerable.Range(1, 50).Where(s => s != 10).Select(s => (ulong)s), all.Select(e => e.Seq));
        Assert.All(all, e =>
        {
            Assert.Equal(Entries.Payload((int)e.Seq, 64), e.Payload);
            Assert.Equal(e.Seq % 10 == 0 ? EntryKind.AlarmEvent : EntryKind.Reading, e.Kind);
            Assert.Equal(clock.NowMs + (long)e.Seq, e.AcquiredAtMs);
        });
        Assert.Contains("converted 49 entries", Assert.Single(log.MessagesOf(3012)), StringComparison.Ordinal);
        Assert.Equal(61UL, queue.Append(Entries.Reading(99, clock.NowMs)).FirstSeq);
    }

    [Fact]
    public void A_changed_byte_inside_a_stored_payload_is_caught_by_the_checksum_and_only_its_segment_is_lost()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        const int Count = 600;
        using (var queue = DurableQueue.Open(Entries.Options(dir, clock)))
        {
            for (int i = 0; i < Count; i += 100)
            {
                queue.AppendBatch(Enumerable.Range(i, 100).Select(j => Entries.Reading(j, clock.NowMs, 200)).ToList());
            }
        }

        // A bit flip the page structure does not show (quick_check passes): inside entry 321's payload.
        byte[] file = File.ReadAllBytes(dir.Database);
        int at = IndexOf(file, Encoding.ASCII.GetBytes("entry-321;"));
        Assert.True(at > 0, "entry 321 not found in queue.db");
        DatabaseFile.Overwrite(dir.Database, at + 20, [(byte)(file[at + 20] ^ 0x10)]);

        var log = new CapturingLogger();
        using var reopened = DurableQueue.Open(Entries.Options(dir, clock), log);
        Assert.Equal(StoreCondition.Healthy, reopened.GetStats().Health.Condition);

        reopened.BeginSession();
        var hit = reopened.TakeBatch(1000); // reading the damaged segment fails its checksum: salvaged on the spot
        var stats = reopened.GetStats();
        Assert.Equal(StoreCondition.Recovered, stats.Health.Condition);
        Assert.NotEmpty(log.MessagesOf(3001));
        var rest = hit.Entries.Concat(Entries.Drain(reopened)).Select(e => e.Seq).Distinct().ToList();
        Assert.DoesNotContain(322UL, rest);
        Assert.InRange(rest.Count, Count - 20, Count - 1); // one segment of about 13 entries of 200 B
        Assert.Equal(Count - rest.Count, stats.Drops.Total(DropReason.Corruption));
        foreach (var entry in Entries.Drain(reopened))
        {
            Assert.Equal(Entries.Payload((int)entry.Seq - 1, 200), entry.Payload);
        }
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (int i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<T> Query<T>(StoreDirectory dir, string sql, Func<SqliteDataReader, T> read)
    {
        using var connection = new SqliteConnection("Data Source=" + dir.Database + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }
}
