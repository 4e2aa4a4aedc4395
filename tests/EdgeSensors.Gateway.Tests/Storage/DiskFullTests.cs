using EdgeSensors.Gateway.Storage;
using EdgeSensors.Gateway.Storage.Queue;
using EdgeSensors.Gateway.Storage.Retention;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>
/// A full disk, emulated with Storage:MaxFileBytes (SQLite max_page_count): SQLite then fails writes with the same
/// SQLITE_FULL it reports when the filesystem returns ENOSPC, through the same code path. A real full filesystem
/// would need a mount (root) in CI; see docs/storage.md.
/// </summary>
public sealed class DiskFullTests
{
    private static StoreOptions TinyDisk(StoreDirectory dir, StoreClock clock, long fileBytes)
    {
        var options = Entries.Options(dir, clock);
        options.MaxBytes = 64 * 1024;
        options.MaxFileBytes = fileBytes;
        return options;
    }

    [Fact]
    public void When_the_file_is_full_old_readings_make_room_and_alarms_are_kept()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        var log = new CapturingLogger();
        var options = TinyDisk(dir, clock, 96 * 1024);
        options.MaxBytes = 96 * 1024; // the file cap is reached long before the byte limit
        using var queue = DurableQueue.Open(options, log);
        queue.AppendBatch(Enumerable.Range(0, 5).Select(i => Entries.Alarm(i, clock.NowMs, 200)).ToList());

        var results = new List<AppendResult>();
        for (int i = 0; i < 120; i++)
        {
            results.Add(queue.AppendBatch(Enumerable.Range(1000 + (i * 4), 4).Select(j => Entries.Reading(j, clock.NowMs, 500)).ToList()));
        }

        Assert.All(results, r => Assert.Equal(4, r.Stored)); // every new batch fit after dropping old readings
        var stats = queue.GetStats();
        Assert.True(stats.Drops.Readings(DropReason.DiskFull) > 0, stats.ToString());
        Assert.Equal(0, stats.Drops.Alarms(DropReason.DiskFull));
        Assert.True(stats.Events.DiskFullWrites > 0);
        Assert.Equal(StoreCondition.Healthy, stats.Health.Condition);
        var left = Entries.Drain(queue);
        Assert.Equal(5, left.Count(e => e.Kind == EntryKind.AlarmEvent));
        Assert.Contains(1000 + (119 * 4) + 3, left.Select(e => Entries.IndexOf(e.Payload))); // the newest reading is there
        string message = Assert.Single(log.MessagesOf(3004));
        Assert.Contains("disk full", message, StringComparison.Ordinal);
        Assert.Contains("df -h " + dir.Path, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_batch_that_cannot_fit_is_dropped_counted_and_reported_then_writes_recover()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        var log = new CapturingLogger();
        using var queue = DurableQueue.Open(TinyDisk(dir, clock, 64 * 1024), log);
        // Within Storage:MaxBytes (60 x 1044 B < 64 KiB) but needs more pages than the 64 KiB file has.
        var readings = Enumerable.Range(0, 60).Select(i => Entries.Reading(i, clock.NowMs, 1000)).ToList();
        var alarms = Enumerable.Range(100, 60).Select(i => Entries.Alarm(i, clock.NowMs, 1000)).ToList();

        var droppedReadings = queue.AppendBatch(readings);
        var droppedAlarms = queue.AppendBatch(alarms);

        Assert.Equal((0, 60, DropReason.DiskFull), (droppedReadings.Stored, droppedReadings.Dropped, droppedReadings.Reason));
        Assert.Equal((0, 60, DropReason.DiskFull), (droppedAlarms.Stored, droppedAlarms.Dropped, droppedAlarms.Reason));
        var stats = queue.GetStats();
        Assert.Equal(StoreCondition.DiskFull, stats.Health.Condition);
        Assert.Contains("Storage:MaxBytes", stats.Health.Message, StringComparison.Ordinal);
        Assert.Equal((60L, 60L), (stats.Drops.Readings(DropReason.DiskFull), stats.Drops.Alarms(DropReason.DiskFull)));
        Assert.Equal(0, stats.Depth);
        Assert.NotEmpty(log.MessagesOf(3004));

        var small = queue.Append(Entries.Alarm(7, clock.NowMs, 100));

        Assert.Equal(1, small.Stored);
        Assert.Equal(StoreCondition.Healthy, queue.GetStats().Health.Condition);
        Assert.NotEmpty(log.MessagesOf(3006));
    }

    [Fact]
    public void Disk_full_counters_written_while_full_survive_a_restart()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using (var queue = DurableQueue.Open(TinyDisk(dir, clock, 64 * 1024)))
        {
            queue.AppendBatch(Enumerable.Range(0, 60).Select(i => Entries.Reading(i, clock.NowMs, 1000)).ToList());
            queue.Append(Entries.Reading(61, clock.NowMs, 100)); // succeeds and carries the counters to disk
        }

        using var reopened = DurableQueue.Open(TinyDisk(dir, clock, 64 * 1024));
        var stats = reopened.GetStats();
        Assert.Equal(60, stats.Drops.Readings(DropReason.DiskFull));
        Assert.Equal(1, stats.Events.DiskFullWrites);
        Assert.Equal(1, stats.Depth);
    }
}
