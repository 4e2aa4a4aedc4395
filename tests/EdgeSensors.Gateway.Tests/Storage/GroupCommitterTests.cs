using EdgeSensors.Gateway.Storage;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>The group committer in front of the queue: producers never wait, nothing offered is lost or reordered.</summary>
public sealed class GroupCommitterTests
{
    [Fact]
    public void Entries_offered_by_several_producers_are_all_committed_each_producer_in_order()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using var queue = DurableQueue.Open(Entries.Options(dir, clock));
        long[] tickets = new long[4];
        using (var committer = new GroupCommitter(queue, TimeSpan.FromMilliseconds(5)))
        {
            Parallel.For(0, 4, producer =>
            {
                for (int poll = 0; poll < 50; poll++)
                {
                    // Each producer's index range: 1000 * producer + 10 * poll + k.
                    var batch = Enumerable.Range(0, 10).Select(k => Entries.Reading((1000 * producer) + (10 * poll) + k, clock.NowMs)).ToList();
                    tickets[producer] = committer.Offer(batch);
                }
            });

            Assert.True(committer.WaitCommitted(tickets.Max(), TimeSpan.FromSeconds(60)));
            Assert.Equal(2000, committer.CommittedReadings);
        }

        var all = Entries.Drain(queue);
        Assert.Equal(2000, all.Count);
        Assert.Equal(Enumerable.Range(1, 2000).Select(s => (ulong)s), all.Select(e => e.Seq)); // no gap
        foreach (var producer in all.GroupBy(e => Entries.IndexOf(e.Payload) / 1000))
        {
            var indexes = producer.OrderBy(e => e.Seq).Select(e => Entries.IndexOf(e.Payload)).ToList();
            Assert.Equal(Enumerable.Range(1000 * producer.Key, 500), indexes);
        }
    }

    [Fact]
    public void Disposing_commits_what_is_still_waiting_for_the_interval()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using var queue = DurableQueue.Open(Entries.Options(dir, clock));
        var committer = new GroupCommitter(queue, TimeSpan.FromSeconds(1));
        committer.Offer([Entries.Reading(1, clock.NowMs)]);
        committer.Offer([Entries.Reading(2, clock.NowMs), Entries.Alarm(3, clock.NowMs)]);

        committer.Dispose();

        Assert.Equal(3, queue.GetStats().Depth);
        Assert.Equal(1, queue.GetStats().AlarmDepth);
        Assert.Throws<ObjectDisposedException>(() => committer.Offer([Entries.Reading(4, clock.NowMs)]));
        committer.Dispose(); // idempotent
    }
}
