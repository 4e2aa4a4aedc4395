using EdgeSensors.Gateway.Storage;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>One poller appending and one forwarder taking and acking at the same time, as in the gateway.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public async Task A_poller_and_a_forwarder_running_together_deliver_every_entry_exactly_once_in_one_session()
    {
        using var dir = new StoreDirectory();
        var clock = new StoreClock();
        var options = Entries.Options(dir, clock);
        options.Synchronous = SynchronousMode.Normal;
        using var queue = DurableQueue.Open(options);
        queue.BeginSession();
        const int Batches = 300;
        const int PerBatch = 10;
        var delivered = new List<QueuedEntry>();
        using var done = new CancellationTokenSource();

        var poller = Task.Run(() =>
        {
            for (int b = 0; b < Batches; b++)
            {
                var batch = Enumerable.Range(b * PerBatch, PerBatch)
                    .Select(i => i % 10 == 3 ? Entries.Alarm(i, clock.NowMs) : Entries.Reading(i, clock.NowMs))
                    .ToList();
                Assert.Equal(PerBatch, queue.AppendBatch(batch).Stored);
            }
        });
        var forwarder = Task.Run(async () =>
        {
            while (delivered.Count < Batches * PerBatch)
            {
                var batch = queue.TakeBatch(64);
                if (batch.Entries.Count == 0)
                {
                    await queue.WaitForAppendAsync(TimeSpan.FromMilliseconds(50), done.Token);
                    continue;
                }

                delivered.AddRange(batch.Entries);
                queue.Ack(batch.Entries.Select(e => e.Seq).ToArray());
            }
        });

        await poller.WaitAsync(TimeSpan.FromMinutes(2));
        await forwarder.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(Batches * PerBatch, delivered.Select(e => e.Seq).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, Batches * PerBatch), delivered.Select(e => Entries.IndexOf(e.Payload)).Order());
        Assert.All(delivered, e => Assert.False(e.IsBackfill));
        Assert.Equal(0, queue.GetStats().Depth);
    }
}
