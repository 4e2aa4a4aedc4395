using System.Text;
using EdgeSensors.Gateway.Storage;

namespace EdgeSensors.FaultTools;

/// <summary>The "append" tool: appends until killed (or --max-entries), reporting each append after it returned.</summary>
internal static class AppendLoop
{
    public static int Run(ToolArguments args)
    {
        var options = new StoreOptions
        {
            DataDirectory = args.Required("dir"),
            Synchronous = Enum.Parse<SynchronousMode>(args.Text("sync", "Full"), ignoreCase: true),
        };
        int batchSize = (int)args.Long("batch", 10);
        int payloadBytes = (int)args.Long("payload-bytes", 100);
        long index = args.Long("start-index", 0);
        long maxEntries = args.Long("max-entries", long.MaxValue);
        long maxDroppedBatches = args.Long("stop-after-dropped-batches", 1);
        long droppedBatches = 0;

        using var queue = DurableQueue.Open(options);
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
        stdout.WriteLine("ready next=" + queue.GetStats().NextSeq + " health=" + queue.GetStats().Health.Condition);
        var batch = new NewEntry[batchSize];
        for (long written = 0; written < maxEntries; written += batchSize)
        {
            long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            for (int i = 0; i < batchSize; i++)
            {
                batch[i] = new NewEntry(EntryKind.Reading, now, "kill-test/level", Payload(index + i, payloadBytes));
            }

            var result = queue.AppendBatch(batch);
            if (result.Stored != batchSize)
            {
                // Some or all of the batch was dropped (disk full, write error): say which seqs were stored anyway.
                stdout.WriteLine("dropped " + result.FirstSeq + " " + result.Stored + " " + index + " " + result.Dropped + " " + result.Reason);
                if (++droppedBatches >= maxDroppedBatches)
                {
                    stdout.WriteLine("stats " + queue.GetStats());
                    return droppedBatches > 0 && maxDroppedBatches == 1 ? 1 : 0;
                }

                index += batchSize;
                continue;
            }

            // Printed only after the append returned: the parent may rely on every line it read.
            stdout.WriteLine("committed " + result.FirstSeq + " " + result.Stored + " " + index);
            index += batchSize;
        }

        stdout.WriteLine("stats " + queue.GetStats());
        return 0;
    }

    /// <summary>Same layout as the tests' Entries.Payload: "entry-&lt;index&gt;;" then a pattern.</summary>
    private static byte[] Payload(long index, int bytes)
    {
        var payload = new byte[Math.Max(bytes, 24)];
        byte[] label = Encoding.ASCII.GetBytes("entry-" + index + ";");
        label.CopyTo(payload, 0);
        for (int i = label.Length; i < payload.Length; i++)
        {
            payload[i] = (byte)((index * 31) + i);
        }

        return payload;
    }
}
