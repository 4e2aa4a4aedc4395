using EdgeSensors.Gateway.Storage;
using EdgeSensors.Gateway.Storage.Queue;

namespace EdgeSensors.Gateway.Tests.Storage;

public sealed class AppendAndAckTests
{
    [Fact]
    public void Appended_entries_get_consecutive_seqs_and_survive_a_reopen_byte_for_byte()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        var appended = new List<NewEntry>();
        using (var queue = DurableQueue.Open(Entries.Options(dir, clock)))
        {
            var first = queue.Append(Entries.Alarm(0, clock.NowMs - 5));
            appended.Add(Entries.Alarm(0, clock.NowMs - 5));
            var batch = Enumerable.Range(1, 20).Select(i => Entries.Reading(i, clock.NowMs + i, 40 + i)).ToList();
            appended.AddRange(batch);
            var rest = queue.AppendBatch(batch);

            Assert.Equal((1, 1UL), (first.Stored, first.FirstSeq));
            Assert.Equal((20, 2UL, 21UL, 0), (rest.Stored, rest.FirstSeq, rest.LastSeq, rest.Dropped));
        }

        using var reopened = DurableQueue.Open(Entries.Options(dir, clock));
        var stored = Entries.Drain(reopened);
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (ulong)i), stored.Select(e => e.Seq));
        for (int i = 0; i < appended.Count; i++)
        {
            Assert.Equal(appended[i].Kind, stored[i].Kind);
            Assert.Equal(appended[i].AcquiredAtMs, stored[i].AcquiredAtMs);
            Assert.Equal(appended[i].Source, stored[i].Source);
            Assert.Equal(appended[i].Payload, stored[i].Payload);
        }

        var stats = reopened.GetStats();
        Assert.Equal((21L, 1L, 22UL), (stats.Depth, stats.AlarmDepth, stats.NextSeq));
        Assert.Equal(appended.Sum(e => e.AccountedBytes), stats.Bytes);
    }

    [Fact]
    public void Ack_removes_only_the_acknowledged_entries_and_ignores_unknown_seqs()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using var queue = DurableQueue.Open(Entries.Options(dir, clock));
        queue.AppendBatch(Enumerable.Range(0, 10).Select(i => Entries.Reading(i, clock.NowMs)).ToList());

        Assert.Equal(3, queue.Ack(2, 5, 9));
        Assert.Equal(0, queue.Ack(5, 77, 0));

        Assert.Equal([1UL, 3, 4, 6, 7, 8, 10], Entries.Drain(queue).Select(e => e.Seq));
        Assert.Equal(7, queue.GetStats().Depth);
    }

    [Fact]
    public void Stats_report_depth_bytes_oldest_age_and_next_seq()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        using var queue = DurableQueue.Open(Entries.Options(dir, clock));
        Assert.Null(queue.GetStats().OldestAge);

        queue.Append(Entries.Reading(1, clock.NowMs - 90_000));
        queue.Append(Entries.Alarm(2, clock.NowMs - 30_000));
        clock.Advance(TimeSpan.FromSeconds(10));

        var stats = queue.GetStats();
        Assert.Equal(2, stats.Depth);
        Assert.Equal(1, stats.AlarmDepth);
        Assert.Equal(TimeSpan.FromSeconds(100), stats.OldestAge);
        Assert.Equal(3UL, stats.NextSeq);
        Assert.Equal(StoreCondition.Healthy, stats.Health.Condition);
        Assert.True(stats.FileBytes > 0);
        Assert.Equal(0, stats.Drops.Total());
    }

    [Fact]
    public void An_entry_with_an_undefined_kind_is_refused_before_anything_is_written()
    {
        using var dir = new StoreDirectory();
        using var queue = DurableQueue.Open(Entries.Options(dir));
        var bad = new NewEntry((EntryKind)9, 0, "x", [1]);

        var error = Assert.Throws<ArgumentException>(() => queue.AppendBatch([Entries.Reading(1, 0), bad]));
        Assert.Contains("kind 9", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, queue.GetStats().Depth);
    }

    [Fact]
    public void Invalid_settings_name_the_key_and_the_fix()
    {
        using var dir = new StoreDirectory();
        var options = Entries.Options(dir);
        options.MaxBytes = 1000;
        var error = Assert.Throws<StoreConfigurationException>(() => DurableQueue.Open(options));
        Assert.Contains("Storage:MaxBytes", error.Message, StringComparison.Ordinal);
        Assert.Contains("65536", error.Message, StringComparison.Ordinal);

        options = Entries.Options(dir);
        options.BackfillRatePerSecond = 0;
        error = Assert.Throws<StoreConfigurationException>(() => DurableQueue.Open(options));
        Assert.Contains("Storage:BackfillRatePerSecond", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_data_directory_that_cannot_be_created_is_reported_with_the_key()
    {
        using var dir = new StoreDirectory();
        string file = Path.Combine(dir.Path, "not-a-directory");
        File.WriteAllText(file, "x");
        var options = Entries.Options(dir);
        options.DataDirectory = Path.Combine(file, "queue");

        var error = Assert.Throws<StoreUnavailableException>(() => DurableQueue.Open(options));
        Assert.Contains("Storage:DataDirectory", error.Message, StringComparison.Ordinal);
    }
}
