using EdgeSensors.Portable.Tests.Node.Support;

namespace EdgeSensors.Portable.Tests.Node;

/// <summary>
/// The node's steady-state poll cycle allocates nothing: on an ESP32 with about 100 KB of heap, per-poll garbage means
/// GC pauses and fragmentation. Counted in bytes on the host, not timed.
/// </summary>
public class NodeAllocationTests
{
    [Fact]
    public void Ten_thousand_poll_cycles_with_alarms_publishing_and_status_allocate_nothing()
    {
        var node = new NodeHarness();
        node.Link.Keep = false;
        var gas = new ushort[1];

        // One cycle: every device polled once (1 s of node time), readings and alarm events published, status every 10 s.
        void Cycle(int i)
        {
            gas[0] = (ushort)((i / 50) % 2 == 0 ? 5 : 300); // 0.5 / 30 %LEL: H raised and cleared every 100 cycles
            node.Line.SetHolding(1, 0, gas);
            node.Run(1000, 10);
        }

        for (int i = 0; i < 200; i++)
        {
            Cycle(i); // warm up: JIT, first status, first alarm transitions
        }

        // Up to 3 rounds of 10,000 cycles: the runtime may do one-off work on this thread in a round (tiered JIT
        // promotion on a loaded machine). A per-cycle allocation would show in every round, at >= 10,000 B.
        long allocated = -1;
        int rounds = 0;
        int delivered = node.Link.DeliveredCount;
        long requests = node.Node.Scheduler.GetCounters(0).Requests;
        while (allocated != 0 && rounds < 3)
        {
            rounds++;
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10_000; i++)
            {
                Cycle(i);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        }

        Assert.Equal(0, allocated);
        Assert.Equal(10_000 * rounds, node.Node.Scheduler.GetCounters(0).Requests - requests);
        Assert.True(node.Link.DeliveredCount - delivered > 10_000 * rounds, "readings, alarms and status were published in every cycle");
        Assert.True(node.Node.PublishedAlarms >= 200 * rounds, "H was raised and cleared every 100 cycles");
        Assert.Equal(0, node.Node.Readings.Dropped);
    }
}
