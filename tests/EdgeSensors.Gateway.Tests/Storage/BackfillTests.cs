using EdgeSensors.Gateway.Storage;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>Live entries first (alarms first of all), then the backlog at the configured rate, marked as backfill.</summary>
public sealed class BackfillTests
{
    private static DurableQueue OpenWithRate(StoreDirectory dir, StoreClock clock, double rate, int burst)
    {
        var options = Entries.Options(dir, clock);
        options.BackfillRatePerSecond = rate;
        options.BackfillBurst = burst;
        return DurableQueue.Open(options);
    }

    [Fact]
    public void Live_alarms_then_live_readings_then_backlog_alarms_then_backlog_readings()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using var queue = OpenWithRate(dir, clock, rate: 1000, burst: 1000);
        // Backlog: appended while no session was running (the broker was down).
        long t = clock.NowMs;
        queue.AppendBatch([Entries.Reading(1, t + 1001), Entries.Alarm(2, t + 1002), Entries.Reading(3, t + 1003)]);
        queue.BeginSession();
        queue.AppendBatch([Entries.Reading(4, t + 2004), Entries.Alarm(5, t + 2005), Entries.Reading(6, t + 2006), Entries.Alarm(7, t + 2007)]);

        var batch = queue.TakeBatch(100);

        Assert.Equal([5, 7, 4, 6, 2, 1, 3], batch.Entries.Select(e => Entries.IndexOf(e.Payload)));
        Assert.Equal([false, false, false, false, true, true, true], batch.Entries.Select(e => e.IsBackfill));
        // Replays keep their acquisition time.
        Assert.Equal([2005L, 2007, 2004, 2006, 1002, 1001, 1003], batch.Entries.Select(e => e.AcquiredAtMs - t));
        Assert.Null(batch.BacklogRetryAfter);
        Assert.Empty(queue.TakeBatch(100).Entries);
    }

    [Fact]
    public void Backlog_is_paced_by_the_token_bucket_while_live_entries_are_not()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using var queue = OpenWithRate(dir, clock, rate: 10, burst: 5);
        queue.AppendBatch(Enumerable.Range(0, 40).Select(i => Entries.Reading(i, clock.NowMs)).ToList());
        queue.BeginSession();
        queue.AppendBatch(Enumerable.Range(100, 30).Select(i => Entries.Reading(i, clock.NowMs)).ToList());

        var first = queue.TakeBatch(100);
        Assert.Equal(30 + 5, first.Entries.Count); // all live + one burst of backlog
        Assert.Equal(30, first.Entries.Count(e => !e.IsBackfill));
        Assert.Equal(TimeSpan.FromSeconds(0.1), first.BacklogRetryAfter);

        Assert.Empty(queue.TakeBatch(100).Entries);
        clock.Advance(TimeSpan.FromSeconds(0.3));
        var paced = queue.TakeBatch(100);
        Assert.Equal(3, paced.Entries.Count);
        Assert.All(paced.Entries, e => Assert.True(e.IsBackfill));
        Assert.Equal([5, 6, 7], paced.Entries.Select(e => Entries.IndexOf(e.Payload)));

        // A long pause refills only up to the burst.
        clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(5, queue.TakeBatch(100).Entries.Count);
        Assert.Empty(queue.TakeBatch(100).Entries);
    }

    [Fact]
    public void Over_a_simulated_minute_the_backlog_goes_out_at_the_configured_rate()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using var queue = OpenWithRate(dir, clock, rate: 50, burst: 10);
        queue.AppendBatch(Enumerable.Range(0, 10_000).Select(i => Entries.Reading(i, clock.NowMs, 16)).ToList());
        queue.BeginSession();

        int sent = 0;
        for (int tick = 0; tick <= 600; tick++)
        {
            sent += queue.TakeBatch(1000).Entries.Count;
            clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        // 60 s at 50 entries/s plus the initial burst of 10.
        Assert.InRange(sent, (60 * 50) + 10 - 1, (60 * 50) + 10);
    }

    [Fact]
    public void Unacked_entries_are_handed_out_again_as_backfill_in_the_next_session_and_acked_ones_are_not()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using var queue = OpenWithRate(dir, clock, rate: 1000, burst: 1000);
        queue.BeginSession();
        queue.AppendBatch(Enumerable.Range(0, 6).Select(i => Entries.Reading(i, clock.NowMs)).ToList());
        var sent = queue.TakeBatch(100).Entries;
        Assert.All(sent, e => Assert.False(e.IsBackfill));
        queue.Ack(sent[0].Seq, sent[1].Seq, sent[2].Seq); // PUBACKs for three, then the connection dropped

        queue.BeginSession();
        var again = queue.TakeBatch(100).Entries;

        Assert.Equal(sent.Skip(3).Select(e => e.Seq), again.Select(e => e.Seq));
        Assert.All(again, e => Assert.True(e.IsBackfill));
    }

    [Fact]
    public void Entries_appended_before_the_first_session_after_a_restart_are_backlog()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using (var queue = OpenWithRate(dir, clock, rate: 1000, burst: 1000))
        {
            queue.AppendBatch([Entries.Alarm(1, clock.NowMs), Entries.Reading(2, clock.NowMs)]);
        }

        using var reopened = OpenWithRate(dir, clock, rate: 1000, burst: 1000);
        reopened.BeginSession();
        reopened.Append(Entries.Reading(3, clock.NowMs));

        var batch = reopened.TakeBatch(10).Entries;
        Assert.Equal([(3, false), (1, true), (2, true)], batch.Select(e => (Entries.IndexOf(e.Payload), e.IsBackfill)));
    }

    [Fact]
    public async Task The_forwarder_wait_wakes_up_on_an_append()
    {
        using var dir = new StoreDirectory();
        using var queue = DurableQueue.Open(Entries.Options(dir));
        Assert.False(await queue.WaitForAppendAsync(TimeSpan.Zero, CancellationToken.None));

        var waiting = queue.WaitForAppendAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
        queue.Append(Entries.Reading(1, 0));

        Assert.True(await waiting);
    }
}
