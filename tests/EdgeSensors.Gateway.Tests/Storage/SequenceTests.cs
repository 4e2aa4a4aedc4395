using EdgeSensors.Gateway.Storage;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>Seq is per gateway, increasing, and never reused: not after acks of the newest entries, drops, restarts or a lost file.</summary>
public sealed class SequenceTests
{
    [Fact]
    public void Seq_continues_after_the_newest_entries_were_acked_and_the_queue_reopened()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using (var queue = DurableQueue.Open(Entries.Options(dir, clock)))
        {
            queue.AppendBatch(Enumerable.Range(0, 5).Select(i => Entries.Reading(i, clock.NowMs)).ToList());
            Assert.Equal(5, queue.Ack(1, 2, 3, 4, 5));
            Assert.Equal(0, queue.GetStats().Depth);
        }

        using var reopened = DurableQueue.Open(Entries.Options(dir, clock));
        Assert.Equal(6UL, reopened.GetStats().NextSeq);
        Assert.Equal(6UL, reopened.Append(Entries.Reading(6, clock.NowMs)).FirstSeq);
    }

    [Fact]
    public void Seq_continues_after_every_stored_entry_was_dropped_by_age()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using (var queue = DurableQueue.Open(Entries.Options(dir, clock)))
        {
            queue.AppendBatch(Enumerable.Range(0, 8).Select(i => Entries.Reading(i, clock.NowMs)).ToList());
            clock.Advance(TimeSpan.FromDays(31));
            Assert.Equal(8, queue.ExpireOld());
        }

        using var reopened = DurableQueue.Open(Entries.Options(dir, clock));
        Assert.Equal(9UL, reopened.Append(Entries.Reading(9, clock.NowMs)).FirstSeq);
    }

    [Fact]
    public void Seq_is_not_reused_when_the_database_file_is_lost()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        ulong last;
        using (var queue = DurableQueue.Open(Entries.Options(dir, clock)))
        {
            last = queue.AppendBatch(Enumerable.Range(0, 30).Select(i => Entries.Reading(i, clock.NowMs)).ToList()).LastSeq;
        }

        File.Delete(dir.Database);

        using var reopened = DurableQueue.Open(Entries.Options(dir, clock));
        ulong next = reopened.Append(Entries.Reading(99, clock.NowMs)).FirstSeq;
        Assert.True(next > last, "seq " + next + " after losing queue.db reuses a number up to " + last);
    }

    [Fact]
    public void Many_reopens_with_interleaved_acks_never_hand_out_a_seq_twice()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        var seen = new HashSet<ulong>();
        ulong previous = 0;
        for (int round = 0; round < 6; round++)
        {
            using var queue = DurableQueue.Open(Entries.Options(dir, clock));
            var result = queue.AppendBatch(Enumerable.Range(0, 7).Select(i => Entries.Reading((round * 10) + i, clock.NowMs)).ToList());
            Assert.True(result.FirstSeq > previous);
            for (ulong seq = result.FirstSeq; seq <= result.LastSeq; seq++)
            {
                Assert.True(seen.Add(seq), "seq " + seq + " handed out twice");
            }

            previous = result.LastSeq;
            // Ack the newest half: the ones a naive MAX(seq)+1 would hand out again.
            queue.Ack(result.LastSeq, result.LastSeq - 1, result.LastSeq - 2);
        }
    }
}
