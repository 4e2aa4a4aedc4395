using EdgeSensors.Alarms;
using EdgeSensors.Firmware.Tests.Support;
using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Firmware.Tests;

/// <summary>The node keeps readings through a broker outage, and when its buffer overflows it counts exactly what it dropped.</summary>
public sealed class BufferingTests
{
    [Fact]
    public async Task Readings_are_buffered_through_a_broker_outage_and_resume_with_no_seq_gap()
    {
        await using FirmwareRig rig = await FirmwareRig.StartAsync(FirmwareRig.Config(pollMs: 200));
        await FirmwareRig.WaitUntilAsync(() => Decoded.Readings(rig.Observer).Count >= 6, TimeSpan.FromSeconds(20), "live readings");

        rig.Relay.Down();
        await FirmwareRig.WaitUntilAsync(() => !rig.Node.Link.IsConnected, TimeSpan.FromSeconds(15), "the node to notice the link is down");
        await FirmwareRig.WaitUntilAsync(() => rig.Inspect(n => n.Readings.Count) >= 30, TimeSpan.FromSeconds(20), "30 readings buffered during the outage");
        int buffered = rig.Inspect(n => n.Readings.Count);
        rig.Relay.Up();
        await FirmwareRig.WaitUntilAsync(() => rig.Node.Link.IsConnected && rig.Inspect(n => n.Readings.Count) < 5, TimeSpan.FromSeconds(20), "the buffer to drain after the link came back");
        await Task.Delay(1000);

        List<(bool Backfill, TelemetryReading Reading)> readings = Decoded.Readings(rig.Observer);
        ulong[] seqs = readings.Select(r => r.Reading.Seq).Concat(Decoded.Alarms(rig.Observer).Select(a => a.Seq)).Distinct().Order().ToArray();
        Assert.Equal(Enumerable.Range(0, seqs.Length).Select(i => seqs[0] + (ulong)i), seqs);
        Assert.True(readings.Count(r => r.Backfill) >= buffered, "what was buffered went out flagged backfill");
        Assert.False(readings[^1].Backfill);
        Assert.Equal(0, rig.Inspect(n => n.Readings.Dropped));
    }

    [Fact]
    public async Task Overflow_drops_counted_readings_only_and_keeps_every_alarm()
    {
        await using FirmwareRig rig = await FirmwareRig.StartAsync(FirmwareRig.Config(buffer: 16, pollMs: 200));
        await FirmwareRig.WaitUntilAsync(() => Decoded.Readings(rig.Observer).Count >= 3, TimeSpan.FromSeconds(20), "live readings");

        rig.Relay.Down();
        await FirmwareRig.WaitUntilAsync(() => !rig.Node.Link.IsConnected, TimeSpan.FromSeconds(15), "the node to notice the link is down");

        // From here nothing is delivered: every number from the oldest one still buffered is either sent later or dropped.
        (ulong oldest, long droppedBefore) = rig.Inspect(n => (n.Readings.Count > 0 ? n.Readings.SeqAt(n.Readings.SlotAt(0)) : n.NextSeq, n.Readings.Dropped));
        rig.LeakAtT101(); // the LEL detector passes H (25 %LEL) while the broker is unreachable
        await FirmwareRig.WaitUntilAsync(() => rig.Inspect(n => n.Alarms.Count) >= 1, TimeSpan.FromSeconds(10), "the H alarm to be raised and buffered");
        await FirmwareRig.WaitUntilAsync(() => rig.Inspect(n => n.Readings.Dropped) >= 20, TimeSpan.FromSeconds(20), "the 16-reading buffer to overflow");
        ulong lastBeforeReconnect = rig.Inspect(n => n.NextSeq) - 1;
        rig.Relay.Up();
        await FirmwareRig.WaitUntilAsync(() => rig.Node.Link.IsConnected && rig.Inspect(n => n.Alarms.Count == 0 && n.Readings.Count < 5), TimeSpan.FromSeconds(20), "the buffers to drain");
        await Task.Delay(1000);

        List<AlarmMessage> alarms = Decoded.Alarms(rig.Observer);
        var received = Decoded.Readings(rig.Observer).Select(r => r.Reading.Seq).Concat(alarms.Select(a => a.Seq)).Where(s => s >= oldest && s <= lastBeforeReconnect).ToHashSet();
        long missing = (long)(lastBeforeReconnect - oldest + 1) - received.Count;
        long dropped = rig.Inspect(n => n.Readings.Dropped) - droppedBefore;
        Assert.Equal(dropped, missing);
        Assert.Equal(0, rig.Inspect(n => n.Alarms.Dropped));
        Assert.Contains(alarms, a => a.Kind == AlarmKind.High && a.State == AlarmEventType.Raised && a.Backfill);
    }
}
