using EdgeSensors.Node.Persistence;
using EdgeSensors.Portable.Tests.Node.Support;
using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Portable.Tests.Node;

public class FlashStoreTests
{
    private static readonly string FlashConfig = NodeHarness.ExampleConfig.Replace("\"status_s\": 10,", "\"status_s\": 10, \"flash\": true,", StringComparison.Ordinal);

    [Fact]
    public void Readings_buffered_offline_survive_a_reboot_and_go_out_as_backfill()
    {
        var file = new MemoryRecordFile();
        var before = new NodeHarness(FlashConfig, file);
        before.Link.IsConnected = false;
        before.Run(3000);
        ulong[] buffered = Seqs(before);
        Assert.Equal(3 + 6 + 2, buffered.Length);

        var after = new NodeHarness(FlashConfig, file, before.Now + 20_000); // power cut, reboot 20 s later
        Assert.Equal(buffered, Seqs(after));
        Assert.Equal(buffered.Length, after.Node.Store!.RestoredReadings);
        Assert.Equal(0, after.Node.Store.CorruptRecords);
        after.Run(300);

        List<(bool Backfill, TelemetryReading Reading)> readings = Published.Readings(after.Link);
        Assert.Equal(buffered, readings.Where(r => r.Backfill).Select(r => r.Reading.Seq));
        Assert.Equal(7.25, readings.First(r => r.Reading.Tag == "vega/pv").Reading.Value, 6);
        Assert.Equal("m", readings.First(r => r.Reading.Tag == "vega/pv").Reading.Unit);
    }

    [Fact]
    public void Seq_never_goes_back_across_reboots_even_when_the_clock_does()
    {
        var file = new MemoryRecordFile();
        var first = new NodeHarness(FlashConfig, file);
        first.Run(2000);
        ulong lastUsed = first.Node.NextSeq - 1;

        // The second boot's clock is a day behind: without the reservation on flash seq would restart lower.
        var second = new NodeHarness(FlashConfig, file, NodeHarness.Start - 86_400_000);
        Assert.True(second.Node.NextSeq > lastUsed);
        Assert.True(second.Node.NextSeq - lastUsed <= FlashStore.SeqBlock + 1, "a reboot skips at most one reserved block");
        second.Run(2000);
        var third = new NodeHarness(FlashConfig, file, NodeHarness.Start - 86_400_000);
        Assert.True(third.Node.NextSeq > second.Node.NextSeq - 1);
    }

    [Fact]
    public void Readings_taken_before_the_clock_is_set_reach_flash_only_stamped_and_numbered()
    {
        // First boot (nothing stored), no SNTP yet, no broker.
        var file = new MemoryRecordFile();
        var before = new NodeHarness(FlashConfig, file) { WallOffsetMs = null };
        before.Link.IsConnected = false;
        int writesAtStart = file.Writes;
        before.Run(2000);
        Assert.Equal(writesAtStart, file.Writes); // a monotonic time must not outlive a reboot on flash
        int buffered = before.Node.Readings.Count;
        Assert.True(buffered > 0);

        const long Offset = 7_200_000;
        long wallAtSet = before.Now + Offset;
        before.WallOffsetMs = Offset;
        before.Run(5); // the clock is set: stamped, numbered, written (the link is down)
        Assert.True(file.Writes > writesAtStart);

        var after = new NodeHarness(FlashConfig, file, before.Now + 20_000); // power cut, reboot
        Assert.True(after.Node.Readings.Count >= buffered);
        for (int i = 0; i < after.Node.Readings.Count; i++)
        {
            int slot = after.Node.Readings.SlotAt(i);
            Assert.True(after.Node.Readings.SeqAt(slot) >= (ulong)wallAtSet * 1000, "seq numbered from the clock (producer rule 5)");
            Assert.InRange(after.Node.Readings.TimeAt(slot), NodeHarness.Start + Offset, wallAtSet);
        }
    }

    [Fact]
    public void A_record_torn_by_a_power_cut_is_skipped_and_counted()
    {
        var file = new MemoryRecordFile();
        var before = new NodeHarness(FlashConfig, file);
        before.Link.IsConnected = false;
        before.Run(2000);
        int writes = file.Writes;
        file.TearNextWriteAfter = 11; // the next record gets magic and part of its seq, then the power goes
        before.Run(1000);
        Assert.True(file.Writes > writes);
        ulong[] buffered = Seqs(before);

        var after = new NodeHarness(FlashConfig, file, before.Now + 1000);

        Assert.Equal(1, after.Node.Store!.CorruptRecords);
        Assert.Equal(buffered.Length - 1, after.Node.Readings.Count);
        Assert.Equal(buffered.Length - 1, Seqs(after).Intersect(buffered).Count());
    }

    [Fact]
    public void Records_of_a_tag_no_longer_configured_are_skipped_and_counted()
    {
        var file = new MemoryRecordFile();
        var before = new NodeHarness(FlashConfig, file);
        before.Link.IsConnected = false;
        before.Run(3000);
        string withoutVega = FlashConfig.Replace("\"name\": \"pv\"", "\"name\": \"level\"", StringComparison.Ordinal);

        var after = new NodeHarness(withoutVega, file, before.Now);

        Assert.Equal(2, after.Node.Store!.UnknownTagRecords);
        Assert.Equal(9, after.Node.Readings.Count);
    }

    [Fact]
    public void Delivered_readings_do_not_come_back_after_a_reboot()
    {
        var file = new MemoryRecordFile();
        var before = new NodeHarness(FlashConfig, file);
        before.Link.IsConnected = false;
        before.Run(3000);
        before.Link.IsConnected = true;
        before.Run(11_000); // delivered, and the delivered mark written (every 10 s)
        Assert.Equal(0, before.Node.Readings.Count);

        var after = new NodeHarness(FlashConfig, file, before.Now);

        Assert.Equal(0, after.Node.Readings.Count);
        Assert.Equal(0, after.Node.Store!.CorruptRecords);
    }

    private static ulong[] Seqs(NodeHarness node) =>
        Enumerable.Range(0, node.Node.Readings.Count).Select(i => node.Node.Readings.SeqAt(node.Node.Readings.SlotAt(i))).ToArray();
}
