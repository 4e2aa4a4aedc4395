using EdgeSensors.Gateway.Storage;
using EdgeSensors.Gateway.Storage.Queue;
using EdgeSensors.Gateway.Storage.Recovery;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>
/// The files as a power cut leaves them: copied while the queue is still open (so the WAL holds the newest commits),
/// optionally with the WAL cut short in the middle of its last frame.
/// </summary>
public sealed class TornWalTests
{
    private const int Commits = 6;
    private const int PerCommit = 5;

    /// <summary>Appends <see cref="Commits"/> batches and copies queue.db, -wal and queue.seq while still open.</summary>
    private static ulong CrashImage(StoreDirectory source, StoreDirectory image, StoreClock clock)
    {
        using var queue = DurableQueue.Open(Entries.Options(source, clock));
        ulong last = 0;
        for (int c = 0; c < Commits; c++)
        {
            last = queue.AppendBatch(Enumerable.Range(c * PerCommit, PerCommit).Select(i => Entries.Reading(i, clock.NowMs, 300)).ToList()).LastSeq;
        }

        foreach (string name in new[] { "queue.db", "queue.db-wal", "queue.seq" })
        {
            File.Copy(Path.Combine(source.Path, name), Path.Combine(image.Path, name));
        }

        return last;
    }

    [Fact]
    public void An_intact_wal_after_a_crash_is_replayed_fully_and_counted_as_an_unclean_shutdown()
    {
        using var source = new StoreDirectory();
        using var image = new StoreDirectory();
        var clock = new StoreClock();
        var log = new CapturingLogger();
        ulong last = CrashImage(source, image, clock);
        var inspection = WalInspector.Inspect(image.Wal);
        Assert.NotNull(inspection);
        Assert.False(inspection.LostTail);
        Assert.True(inspection.CommittedFrames > 0);

        using var queue = DurableQueue.Open(Entries.Options(image, clock), log);

        var stats = queue.GetStats();
        Assert.Equal(Commits * PerCommit, stats.Depth);
        Assert.Equal((1L, 0L), (stats.Events.UncleanShutdowns, stats.Events.TornWalRecoveries));
        Assert.Equal(StoreCondition.Healthy, stats.Health.Condition);
        Assert.Contains("nothing was lost", Assert.Single(log.MessagesOf(3003)), StringComparison.Ordinal);
        Assert.True(stats.NextSeq > last);
    }

    [Fact]
    public void A_wal_cut_in_its_last_frame_loses_only_the_last_commit_and_is_reported()
    {
        using var source = new StoreDirectory();
        using var image = new StoreDirectory();
        var clock = new StoreClock();
        var log = new CapturingLogger();
        ulong last = CrashImage(source, image, clock);
        using (var wal = new FileStream(image.Wal, FileMode.Open))
        {
            wal.SetLength(wal.Length - 100);
        }

        var inspection = WalInspector.Inspect(image.Wal);
        Assert.NotNull(inspection);
        Assert.True(inspection.TornFrame);
        Assert.True(inspection.LostTail);

        using var queue = DurableQueue.Open(Entries.Options(image, clock), log);

        var stats = queue.GetStats();
        var left = Entries.Drain(queue).Select(e => Entries.IndexOf(e.Payload)).ToList();
        Assert.Equal(Enumerable.Range(0, (Commits - 1) * PerCommit), left); // every earlier commit, intact
        Assert.Equal((1L, 1L), (stats.Events.UncleanShutdowns, stats.Events.TornWalRecoveries));
        Assert.Equal(StoreCondition.Recovered, stats.Health.Condition);
        Assert.Contains("torn", Assert.Single(log.MessagesOf(3002)), StringComparison.Ordinal);
        // The lost commit's numbers may have been published before the cut: they are not handed out again.
        Assert.True(queue.Append(Entries.Reading(99, clock.NowMs)).FirstSeq > last);
    }

    [Fact]
    public void A_wal_with_a_damaged_header_is_reported_as_discarded()
    {
        using var source = new StoreDirectory();
        using var image = new StoreDirectory();
        var clock = new StoreClock();
        CrashImage(source, image, clock);
        DatabaseFile.Overwrite(image.Wal, 24, [1, 2, 3, 4, 5, 6, 7, 8]); // the header checksum

        var inspection = WalInspector.Inspect(image.Wal);

        Assert.NotNull(inspection);
        Assert.False(inspection.HeaderValid);
        Assert.Contains("WAL header is damaged", inspection.Describe(), StringComparison.Ordinal);
        using var queue = DurableQueue.Open(Entries.Options(image, clock));
        Assert.Equal(1, queue.GetStats().Events.TornWalRecoveries);
    }
}
