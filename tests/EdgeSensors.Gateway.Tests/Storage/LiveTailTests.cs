using EdgeSensors.Gateway.Storage;
using EdgeSensors.Gateway.Storage.Backfill;
using EdgeSensors.Gateway.Storage.Queue;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>
/// The forwarder's in-memory live tail (Storage/Backfill/LiveTail.cs): its bounds, and that it never hands out live
/// entries the file no longer holds (dropped by a limit, lost to damage).
/// </summary>
public sealed class LiveTailTests
{
    [Fact]
    public void A_full_tail_keeps_the_oldest_entries_and_covers_again_once_the_forwarder_emptied_it()
    {
        var tail = new LiveTail(maxEntries: 10, maxBytes: 1_000_000);
        tail.Reset(nextSeq: 1);
        tail.Add(1, Enumerable.Range(0, 25).Select(i => i % 5 == 0 ? Entries.Alarm(i, 0, 16) : Entries.Reading(i, 0, 16)).ToList());

        // Seqs 1..10 are held (the forwarder needs the oldest next); from 11 on the file has them.
        Assert.Equal(10, tail.Count);
        Assert.Equal(10 * (16 + LiveTail.EntryOverheadBytes), tail.Bytes);
        Assert.Equal(11UL, tail.Until);
        Assert.Equal(1UL, tail.CoveredFrom(EntryKind.Reading));
        var taken = new List<QueuedEntry>();
        tail.Take(EntryKind.Reading, after: 0, limit: 100, taken);
        Assert.Equal([2UL, 3, 4, 5, 7, 8, 9, 10], taken.Select(e => e.Seq));
        Assert.All(taken, e => Assert.False(e.IsBackfill));

        tail.Add(26, [Entries.Reading(25, 0, 16)]); // the alarms 1 and 6 still wait: nothing is added
        Assert.Equal(2, tail.Count);
        taken.Clear();
        tail.Take(EntryKind.AlarmEvent, after: 0, limit: 100, taken);
        Assert.Equal([1UL, 6], taken.Select(e => e.Seq));

        tail.Add(27, [Entries.Reading(26, 0, 16)]); // empty now: it covers again from 27
        Assert.Equal(ulong.MaxValue, tail.Until);
        Assert.Equal(27UL, tail.CoveredFrom(EntryKind.Reading));
        Assert.Equal(27UL, tail.CoveredFrom(EntryKind.AlarmEvent));
        Assert.Equal(1, tail.Count);

        var bytes = new LiveTail(maxEntries: 1000, maxBytes: 3 * (100 + LiveTail.EntryOverheadBytes));
        bytes.Reset(nextSeq: 1);
        bytes.Add(1, Enumerable.Range(0, 5).Select(i => Entries.Reading(i, 0, 100)).ToList());
        Assert.Equal(3, bytes.Count);
        Assert.Equal(4UL, bytes.Until);
    }

    [Fact]
    public void Acknowledged_entries_leave_the_tail_and_a_size_of_zero_turns_it_off()
    {
        var tail = new LiveTail(maxEntries: 100, maxBytes: 1_000_000);
        tail.Reset(nextSeq: 1);
        tail.Add(1, Enumerable.Range(0, 6).Select(i => Entries.Reading(i, 0, 16)).ToList());
        tail.Remove([2UL, 5, 99]);
        var taken = new List<QueuedEntry>();
        tail.Take(EntryKind.Reading, after: 0, limit: 100, taken);
        Assert.Equal([1UL, 3, 4, 6], taken.Select(e => e.Seq));
        Assert.Equal(0, tail.Bytes);

        var off = new LiveTail(maxEntries: 0, maxBytes: 1_000_000);
        off.Reset(nextSeq: 1);
        off.Add(1, [Entries.Reading(0, 0)]);
        Assert.False(off.Enabled);
        Assert.Equal(0, off.Count);
    }

    [Fact]
    public void Live_entries_dropped_by_MaxBytes_are_not_handed_out_from_memory()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        var options = Entries.Options(dir, clock);
        options.MaxBytes = 64 * 1024;
        using var queue = DurableQueue.Open(options);
        queue.BeginSession();
        ulong first = queue.AppendBatch(Enumerable.Range(0, 40).Select(i => Entries.Reading(i, clock.NowMs, 1000)).ToList()).FirstSeq;
        var full = queue.AppendBatch(Enumerable.Range(40, 40).Select(i => Entries.Reading(i, clock.NowMs, 1000)).ToList());

        var stats = queue.GetStats();
        Assert.True(stats.Depth < 80, "the second append should have dropped the oldest readings, depth " + stats.Depth);
        Assert.Equal(40, full.Stored);
        var handed = queue.TakeBatch(1000).Entries;
        ulong last = full.FirstSeq + 39;
        Assert.Equal(Seqs(last - (ulong)stats.Depth + 1, last), handed.Select(e => e.Seq));
        Assert.All(handed, e => Assert.False(e.IsBackfill));
        Assert.DoesNotContain(handed, e => e.Seq == first);
    }

    [Fact]
    public void Live_entries_dropped_by_MaxAge_are_not_handed_out_from_memory()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        var options = Entries.Options(dir, clock);
        options.MaxAge = TimeSpan.FromHours(1);
        using var queue = DurableQueue.Open(options);
        queue.BeginSession();
        queue.AppendBatch(Enumerable.Range(0, 10).Select(i => Entries.Reading(i, clock.NowMs - (50 * 60_000), 100)).ToList());
        var young = queue.AppendBatch(Enumerable.Range(10, 5).Select(i => Entries.Reading(i, clock.NowMs, 100)).ToList());

        clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal(10, queue.ExpireOld());

        var handed = queue.TakeBatch(1000).Entries;
        Assert.Equal(Seqs(young.FirstSeq, young.FirstSeq + 4), handed.Select(e => e.Seq));
    }

    [Fact]
    public void After_damage_is_salvaged_mid_session_every_surviving_entry_is_handed_out_once_as_backfill()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using var queue = DurableQueue.Open(Entries.Options(dir, clock));
        // About 13 MB of backlog, so the damage below hits a page in the middle of many.
        for (int i = 0; i < 10_000; i += 500)
        {
            queue.AppendBatch(Enumerable.Range(i, 500).Select(j => Entries.Reading(j, clock.NowMs, 1000)).ToList());
        }

        queue.BeginSession();
        var live = queue.AppendBatch(Enumerable.Range(10_000, 300).Select(j => j % 10 == 0 ? Entries.Alarm(j, clock.NowMs, 200) : Entries.Reading(j, clock.NowMs, 200)).ToList());
        Assert.Equal(300, live.Stored);
        DatabaseFile.CheckpointAndEmptyWal(dir.Database);
        File.Copy(dir.Database, dir.Database + ".probe");
        var leaves = DatabaseFile.TableLeafPages(dir.Database + ".probe");
        File.Delete(dir.Database + ".probe");
        DatabaseFile.Scramble(dir.Database, leaves[2]); // early backlog entries
        DatabaseFile.DropOtherConnectionsPageCache(dir.Database);

        // Acknowledging early entries finds the damage while the live entries wait in memory, not yet handed out.
        queue.Ack([.. Seqs(1, 200)]);
        var stats = queue.GetStats();
        Assert.Equal(StoreCondition.Recovered, stats.Health.Condition);
        Assert.Equal(1, stats.Events.CorruptionRecoveries);

        // The salvage started a new session: everything that survived is backlog now, handed out once.
        var handed = new List<QueuedEntry>();
        for (var batch = queue.TakeBatch(1000); batch.Entries.Count > 0; batch = queue.TakeBatch(1000))
        {
            handed.AddRange(batch.Entries);
        }

        Assert.Equal(handed.Count, handed.Select(e => e.Seq).Distinct().Count());
        Assert.Equal(queue.GetStats().Depth, handed.Count);
        Assert.All(handed, e => Assert.True(e.IsBackfill, "seq " + e.Seq + " came out as live after the salvage"));
        Assert.Equal(Seqs(live.FirstSeq, live.FirstSeq + 299), handed.Where(e => e.Seq >= live.FirstSeq).Select(e => e.Seq).Order());
        Assert.DoesNotContain(handed, e => e.Seq <= 200);
    }

    private static List<ulong> Seqs(ulong from, ulong to)
    {
        var seqs = new List<ulong>();
        for (ulong seq = from; seq <= to; seq++)
        {
            seqs.Add(seq);
        }

        return seqs;
    }
}
