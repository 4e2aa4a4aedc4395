using EdgeSensors.Alarms;
using EdgeSensors.Node.Buffering;

namespace EdgeSensors.Portable.Tests.Node;

public class RingTests
{
    [Fact]
    public void A_full_reading_ring_drops_the_oldest_and_counts_it()
    {
        var ring = new ReadingRing(4);
        for (ulong seq = 1; seq <= 7; seq++)
        {
            ring.Push("d/v", "m", seq, SignalQuality.Good, (long)seq, seq);
        }

        Assert.Equal(4, ring.Count);
        Assert.Equal(3, ring.Dropped);
        Assert.Equal([4UL, 5, 6, 7], Enumerable.Range(0, ring.Count).Select(i => ring.SeqAt(ring.SlotAt(i))));
    }

    [Fact]
    public void Delivered_readings_are_removed_through_their_seq()
    {
        var ring = new ReadingRing(8);
        for (ulong seq = 10; seq < 15; seq++)
        {
            ring.Push("d/v", "m", 1, SignalQuality.Good, 1, seq);
        }

        Assert.Equal(3, ring.RemoveThrough(12));
        Assert.Equal(13UL, ring.SeqAt(ring.SlotAt(0)));
        Assert.Equal(0, ring.Dropped);
    }

    [Fact]
    public void The_alarm_ring_is_separate_and_counts_its_own_drops()
    {
        var alarms = new AlarmRing(2);
        for (ulong seq = 1; seq <= 3; seq++)
        {
            alarms.Push(new AlarmEvent("d/v", "%LEL", AlarmKind.High, AlarmEventType.Raised, AlarmState.ActiveUnacknowledged, 1, 30, 25, SignalQuality.Good), 0, false, seq);
        }

        Assert.Equal(1, alarms.Dropped);
        Assert.Equal(2UL, alarms.OldestSeq);
        alarms.RemoveOldest();
        Assert.Equal(3UL, alarms.OldestSeq);
    }
}
