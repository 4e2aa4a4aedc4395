using EdgeSensors.Gateway.Storage;
using EdgeSensors.Gateway.Storage.Queue;
using EdgeSensors.Gateway.Storage.Retention;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>A damaged queue.db is detected at open (quick_check), salvaged into a fresh file and reported; seq never goes back.</summary>
public sealed class CorruptionTests
{
    private const int Count = 2000;

    private static ulong Fill(StoreDirectory dir, StoreClock clock)
    {
        using var queue = DurableQueue.Open(Entries.Options(dir, clock));
        ulong last = 0;
        for (int i = 0; i < Count; i += 100)
        {
            var batch = Enumerable.Range(i, 100)
                .Select(j => j % 50 == 0 ? Entries.Alarm(j, clock.NowMs + j, 200) : Entries.Reading(j, clock.NowMs + j, 200))
                .ToList();
            last = queue.AppendBatch(batch).LastSeq;
        }

        return last; // closing checkpoints the WAL into queue.db and removes it
    }

    [Fact]
    public void A_scrambled_data_page_is_detected_and_every_other_entry_is_salvaged_intact()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        var log = new CapturingLogger();
        ulong last = Fill(dir, clock);
        Assert.False(File.Exists(dir.Wal));
        var leaves = DatabaseFile.TableLeafPages(dir.Database);
        Assert.True(leaves.Count > 20, "expected many table pages, found " + leaves.Count);
        DatabaseFile.Scramble(dir.Database, leaves[leaves.Count / 2]);

        using var queue = DurableQueue.Open(Entries.Options(dir, clock), log);

        var stats = queue.GetStats();
        Assert.Equal(StoreCondition.Recovered, stats.Health.Condition);
        Assert.Contains("damaged", stats.Health.Message, StringComparison.Ordinal);
        Assert.Equal(1, stats.Events.CorruptionRecoveries);
        var salvaged = Entries.Drain(queue);
        int rowsPerPage = (int)Math.Ceiling(Count / (double)leaves.Count) * 2;
        Assert.InRange(salvaged.Count, Count - rowsPerPage, Count - 1);
        foreach (var entry in salvaged)
        {
            int index = Entries.IndexOf(entry.Payload);
            Assert.Equal((ulong)index + 1, entry.Seq);
            Assert.Equal(Entries.Payload(index, 200), entry.Payload);
            Assert.Equal(index % 50 == 0 ? EntryKind.AlarmEvent : EntryKind.Reading, entry.Kind);
        }

        Assert.Equal(stats.Events.SalvagedEntries, salvaged.Count);
        Assert.Equal(Count - salvaged.Count, stats.Drops.Total(DropReason.Corruption));
        Assert.Equal(salvaged.Count, stats.Depth);
        Assert.Single(Directory.GetFiles(dir.Path, "queue.db.corrupt-*"));
        string message = Assert.Single(log.MessagesOf(3001));
        Assert.Contains("salvaged " + salvaged.Count + " entries", message, StringComparison.Ordinal);
        Assert.Contains("replace it", message, StringComparison.Ordinal);
        Assert.True(queue.Append(Entries.Reading(9999, clock.NowMs)).FirstSeq > last);
    }

    [Fact]
    public void A_rebuilt_file_is_healthy_on_the_next_start_and_keeps_the_incident_counted()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        Fill(dir, clock);
        var leaves = DatabaseFile.TableLeafPages(dir.Database);
        DatabaseFile.Scramble(dir.Database, leaves[3]);
        using (DurableQueue.Open(Entries.Options(dir, clock)))
        {
        }

        using var again = DurableQueue.Open(Entries.Options(dir, clock));
        var stats = again.GetStats();
        Assert.Equal(StoreCondition.Healthy, stats.Health.Condition);
        Assert.Equal(1, stats.Events.CorruptionRecoveries);
        Assert.True(stats.Drops.Total(DropReason.Corruption) > 0);
    }

    [Fact]
    public void A_destroyed_header_loses_the_file_but_not_the_sequence_and_says_so()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        var log = new CapturingLogger();
        ulong last = Fill(dir, clock);
        DatabaseFile.Overwrite(dir.Database, 0, new byte[100]);

        using var queue = DurableQueue.Open(Entries.Options(dir, clock), log);

        var stats = queue.GetStats();
        Assert.Equal(StoreCondition.Recovered, stats.Health.Condition);
        Assert.Equal(0, stats.Depth);
        Assert.Contains("unreadable", stats.Health.Message, StringComparison.Ordinal);
        Assert.NotEmpty(log.MessagesOf(3001));
        Assert.True(stats.NextSeq > last, "next seq " + stats.NextSeq + " reuses numbers up to " + last);
    }

    [Fact]
    public void A_salvage_cut_short_by_a_crash_is_redone_from_the_original()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        Fill(dir, clock);
        DatabaseFile.Scramble(dir.Database, DatabaseFile.TableLeafPages(dir.Database)[5]);
        File.WriteAllText(dir.Database + ".salvage", "half-written salvage from a run that died");

        using var queue = DurableQueue.Open(Entries.Options(dir, clock));

        Assert.Equal(StoreCondition.Recovered, queue.GetStats().Health.Condition);
        Assert.InRange(queue.GetStats().Depth, Count - 100, Count - 1);
        Assert.False(File.Exists(dir.Database + ".salvage"));
    }

    [Fact]
    public void Damage_found_while_running_is_salvaged_on_the_spot_and_forwarding_goes_on()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        var log = new CapturingLogger();
        using var queue = DurableQueue.Open(Entries.Options(dir, clock), log);
        // About 13 MB, so the damage below hits a page in the middle of many.
        for (int i = 0; i < 10_000; i += 500)
        {
            queue.AppendBatch(Enumerable.Range(i, 500).Select(j => Entries.Reading(j, clock.NowMs, 1000)).ToList());
        }

        Assert.Equal(StoreCondition.Healthy, queue.GetStats().Health.Condition);

        DatabaseFile.CheckpointAndEmptyWal(dir.Database);

        File.Copy(dir.Database, dir.Database + ".probe");
        var leaves = DatabaseFile.TableLeafPages(dir.Database + ".probe");
        File.Delete(dir.Database + ".probe");
        Assert.NotEmpty(leaves);
        DatabaseFile.Scramble(dir.Database, leaves[2]); // early entries

        DatabaseFile.DropOtherConnectionsPageCache(dir.Database);

        queue.BeginSession();
        var hit = queue.TakeBatch(1000);

        Assert.Empty(hit.Entries);
        Assert.NotNull(hit.BacklogRetryAfter);
        var stats = queue.GetStats();
        Assert.Equal(StoreCondition.Recovered, stats.Health.Condition);
        Assert.Equal(1, stats.Events.CorruptionRecoveries);
        Assert.NotEmpty(log.MessagesOf(3001));
        var rest = Entries.Drain(queue);
        Assert.InRange(rest.Count, 10_000 - 20, 10_000 - 1);
        Assert.All(rest, e => Assert.Equal(Entries.Payload(Entries.IndexOf(e.Payload), 1000), e.Payload));
        Assert.True(queue.Append(Entries.Reading(1, clock.NowMs)).FirstSeq > 10_000);
    }
}
