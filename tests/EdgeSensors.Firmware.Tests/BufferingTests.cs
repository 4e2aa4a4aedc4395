using EdgeSensors.Alarms;
using EdgeSensors.Firmware.Tests.Support;
using EdgeSensors.Node.Uplink;
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

        // Cut the link between two loop passes with nothing buffered or on its way: a message cut after the broker had it
        // but before its PUBACK would be received and yet, unconfirmed, counted as dropped when overwritten (QoS 1 cannot
        // tell), which would blur the exact count this test is about.
        await FirmwareRig.WaitUntilAsync(
            () => CutWhenIdle(rig, requireEmpty: true),
            TimeSpan.FromSeconds(20),
            "a moment with nothing buffered or in flight");
        await FirmwareRig.WaitUntilAsync(() => !rig.Node.Link.IsConnected, TimeSpan.FromSeconds(15), "the node to notice the link is down");

        // From here nothing is delivered: every number from the oldest one still buffered is either sent later or dropped.
        (ulong oldest, long droppedBefore) = rig.Inspect(n => (n.Readings.Count > 0 ? n.Readings.SeqAt(n.Readings.SlotAt(0)) : n.NextSeq, n.Readings.Dropped));
        rig.LeakAtT101(); // the LEL detector passes H (25 %LEL) while the broker is unreachable
        await FirmwareRig.WaitUntilAsync(() => rig.Inspect(n => n.Alarms.Count) >= 1, TimeSpan.FromSeconds(10), "the H alarm to be raised and buffered");
        await FirmwareRig.WaitUntilAsync(() => rig.Inspect(n => n.Readings.Dropped) >= 20, TimeSpan.FromSeconds(20), "the 16-reading buffer to overflow");
        rig.Relay.Up();
        await FirmwareRig.WaitUntilAsync(() => rig.Node.Link.IsConnected && rig.Inspect(n => n.Alarms.Count == 0 && n.Readings.Count < 5), TimeSpan.FromSeconds(20), "the buffers to drain");

        // Freeze the account: link down again (with nothing in flight), let the broker hand the observer what it has, then
        // take the node's numbers, buffer and drop count in one look. Every number since `oldest` was received, is still
        // buffered, or was dropped.
        await FirmwareRig.WaitUntilAsync(() => CutWhenIdle(rig, requireEmpty: false), TimeSpan.FromSeconds(20), "a moment with nothing in flight");
        await FirmwareRig.WaitUntilAsync(() => !rig.Node.Link.IsConnected, TimeSpan.FromSeconds(15), "the node to notice the link is down again");
        await Task.Delay(1000);
        (ulong next, long droppedAfter, ulong[] buffered, int alarmsBuffered) = rig.Inspect(n => (
            n.NextSeq,
            n.Readings.Dropped,
            Enumerable.Range(0, n.Readings.Count).Select(i => n.Readings.SeqAt(n.Readings.SlotAt(i))).ToArray(),
            n.Alarms.Count));
        Assert.Equal(0, alarmsBuffered);

        List<AlarmMessage> alarms = Decoded.Alarms(rig.Observer);
        var accounted = Decoded.Readings(rig.Observer).Select(r => r.Reading.Seq).Concat(alarms.Select(a => a.Seq)).Concat(buffered)
            .Where(s => s >= oldest && s < next).ToHashSet();
        long missing = (long)(next - oldest) - accounted.Count;
        long dropped = droppedAfter - droppedBefore;
        Assert.True(dropped >= 20);
        Assert.Equal(dropped, missing);
        Assert.Equal(0, rig.Inspect(n => n.Alarms.Dropped));
        Assert.Contains(alarms, a => a.Kind == AlarmKind.High && a.State == AlarmEventType.Raised && a.Backfill);
    }

    /// <summary>Takes the link down between two loop passes when no publish is on its way (and, if asked, nothing is buffered).</summary>
    private static bool CutWhenIdle(FirmwareRig rig, bool requireEmpty) => rig.Inspect(n =>
    {
        if ((requireEmpty && (n.Readings.Count > 0 || n.Alarms.Count > 0)) || rig.Node.Link.Progress == PublishProgress.Pending)
        {
            return false;
        }

        rig.Relay.Down();
        return true;
    });
}
