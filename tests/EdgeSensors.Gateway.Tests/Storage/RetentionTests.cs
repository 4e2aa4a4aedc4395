using EdgeSensors.Gateway.Storage;
using EdgeSensors.Gateway.Storage.Retention;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>Storage:MaxBytes and Storage:MaxAge, the drop order (oldest readings first, alarms last) and the drop counters.</summary>
public sealed class RetentionTests
{
    private const int Payload = 1000;

    private static StoreOptions SmallQueue(StoreDirectory dir, StoreClock clock)
    {
        var options = Entries.Options(dir, clock);
        options.MaxBytes = 64 * 1024;
        options.MaxFileBytes = 16 * 1024 * 1024; // the byte limit, not the file cap, is under test here
        return options;
    }

    [Fact]
    public void Over_max_bytes_the_oldest_readings_go_first_and_alarms_stay()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using var queue = DurableQueue.Open(SmallQueue(dir, clock));
        var alarms = Enumerable.Range(0, 10).Select(i => Entries.Alarm(i, clock.NowMs, Payload)).ToList();
        var readings = Enumerable.Range(100, 50).Select(i => Entries.Reading(i, clock.NowMs, Payload)).ToList();
        queue.AppendBatch(alarms);
        queue.AppendBatch(readings);
        long before = queue.GetStats().Bytes;
        var more = Enumerable.Range(200, 10).Select(i => Entries.Reading(i, clock.NowMs, Payload)).ToList();
        long excess = before + more.Sum(e => e.AccountedBytes) - (64 * 1024);
        int expectedDrops = (int)Math.Ceiling(excess / (double)readings[0].AccountedBytes);

        var result = queue.AppendBatch(more);

        Assert.Equal((10, 0), (result.Stored, result.Dropped));
        var left = Entries.Drain(queue);
        Assert.Equal(10, left.Count(e => e.Kind == EntryKind.AlarmEvent));
        var leftReadings = left.Where(e => e.Kind == EntryKind.Reading).Select(e => Entries.IndexOf(e.Payload)).ToList();
        Assert.Equal(Enumerable.Range(100 + expectedDrops, 50 - expectedDrops).Concat(Enumerable.Range(200, 10)), leftReadings);
        var stats = queue.GetStats();
        Assert.Equal(expectedDrops, stats.Drops.Readings(DropReason.CapacityBytes));
        Assert.Equal(0, stats.Drops.Alarms(DropReason.CapacityBytes));
        Assert.True(stats.Bytes <= 64 * 1024);
    }

    [Fact]
    public void With_only_alarms_stored_a_new_reading_is_dropped_and_a_new_alarm_replaces_the_oldest_alarm()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using var queue = DurableQueue.Open(SmallQueue(dir, clock));
        int fit = (int)((64 * 1024) / Entries.Alarm(0, 0, Payload).AccountedBytes);
        queue.AppendBatch(Enumerable.Range(0, fit).Select(i => Entries.Alarm(i, clock.NowMs, Payload)).ToList());

        var reading = queue.Append(Entries.Reading(500, clock.NowMs, Payload));
        var alarm = queue.Append(Entries.Alarm(600, clock.NowMs, Payload));

        Assert.Equal((0, 1, DropReason.CapacityBytes), (reading.Stored, reading.Dropped, reading.Reason));
        Assert.Equal((1, 0), (alarm.Stored, alarm.Dropped));
        var left = Entries.Drain(queue).Select(e => Entries.IndexOf(e.Payload)).ToList();
        Assert.DoesNotContain(0, left);
        Assert.DoesNotContain(500, left);
        Assert.Equal(Enumerable.Range(1, fit - 1).Append(600), left);
        var drops = queue.GetStats().Drops;
        Assert.Equal(1, drops.Readings(DropReason.CapacityBytes));
        Assert.Equal(1, drops.Alarms(DropReason.CapacityBytes));
    }

    [Fact]
    public void Drop_counters_survive_a_restart()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using (var queue = DurableQueue.Open(SmallQueue(dir, clock)))
        {
            queue.AppendBatch(Enumerable.Range(0, 80).Select(i => Entries.Reading(i, clock.NowMs, Payload)).ToList());
            queue.Append(Entries.Alarm(1, clock.NowMs - (long)TimeSpan.FromDays(40).TotalMilliseconds));
        }

        using var reopened = DurableQueue.Open(SmallQueue(dir, clock));
        var drops = reopened.GetStats().Drops;
        Assert.True(drops.Readings(DropReason.CapacityBytes) >= 80 - ((64 * 1024) / 1044));
        Assert.Equal(1, drops.Alarms(DropReason.Age));
    }

    [Fact]
    public void An_entry_larger_than_max_bytes_is_dropped_alone_without_evicting_the_queue()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using var queue = DurableQueue.Open(SmallQueue(dir, clock));
        queue.AppendBatch(Enumerable.Range(0, 5).Select(i => Entries.Reading(i, clock.NowMs, Payload)).ToList());

        var result = queue.Append(Entries.Reading(9, clock.NowMs, 70_000));

        Assert.Equal((0, 1, DropReason.CapacityBytes), (result.Stored, result.Dropped, result.Reason));
        Assert.Equal(5, queue.GetStats().Depth);
        Assert.Equal(1, queue.GetStats().Drops.Readings(DropReason.CapacityBytes));
    }

    [Fact]
    public void Entries_older_than_max_age_are_dropped_with_alarms_counted_apart()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        var options = SmallQueue(dir, clock);
        options.MaxAge = TimeSpan.FromHours(2);
        using var queue = DurableQueue.Open(options);
        queue.AppendBatch([Entries.Reading(1, clock.NowMs), Entries.Alarm(2, clock.NowMs), Entries.Reading(3, clock.NowMs)]);
        clock.Advance(TimeSpan.FromMinutes(90));
        queue.Append(Entries.Reading(4, clock.NowMs));
        clock.Advance(TimeSpan.FromMinutes(40));

        // The next append applies the limit by itself (at most once a second).
        var fresh = queue.Append(Entries.Reading(5, clock.NowMs));

        Assert.Equal(1, fresh.Stored);
        Assert.Equal([4, 5], Entries.Drain(queue).Select(e => Entries.IndexOf(e.Payload)));
        var drops = queue.GetStats().Drops;
        Assert.Equal((2L, 1L), (drops.Readings(DropReason.Age), drops.Alarms(DropReason.Age)));
    }

    [Fact]
    public void A_new_entry_already_older_than_max_age_is_dropped_as_age()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using var queue = DurableQueue.Open(SmallQueue(dir, clock));

        var result = queue.AppendBatch([Entries.Reading(1, clock.NowMs - (long)TimeSpan.FromDays(31).TotalMilliseconds), Entries.Reading(2, clock.NowMs)]);

        Assert.Equal((1, 1, DropReason.Age), (result.Stored, result.Dropped, result.Reason));
        Assert.Equal(1, queue.GetStats().Drops.Readings(DropReason.Age));
    }
}
