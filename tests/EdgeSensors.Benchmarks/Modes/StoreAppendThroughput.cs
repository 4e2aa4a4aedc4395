using System.Diagnostics;
using System.Globalization;
using EdgeSensors.Gateway.Storage;

namespace EdgeSensors.Benchmarks.Modes;

/// <summary>
/// store-append: how many entries per second the durable queue commits, by batch size and synchronous mode, on the
/// disk holding --dir. Prints "appends/s: N" first. --store raw-fsync instead appends length-prefixed records to a plain
/// file and fsyncs once per batch: the floor any purpose-built log pays for the same durability, to compare against.
/// After a queue run the queue is reopened and the time of that open (quick_check over the whole file) is printed.
/// </summary>
internal static class StoreAppendThroughput
{
    public static int Run(BenchArguments args)
    {
        string dir = args.Text("dir", Path.Combine(Path.GetTempPath(), "edgesensors-store-bench"));
        string store = args.Text("store", "sqlite");
        var sync = Enum.Parse<SynchronousMode>(args.Text("sync", "Full"), ignoreCase: true);
        int batch = args.Int("batch", 10);
        int payloadBytes = args.Int("payload-bytes", 200);
        double seconds = args.Double("seconds", 5);

        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        var payload = new byte[payloadBytes];
        new Random(1).NextBytes(payload);
        var (entries, elapsed) = store == "raw-fsync"
            ? RawFsync(dir, batch, payload, seconds)
            : Sqlite(dir, sync, batch, payload, seconds);

        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Format(inv, "appends/s: {0:F0}", entries / elapsed));
        Console.WriteLine(string.Format(inv, "commits/s: {0:F0}", entries / batch / elapsed));
        string label = store == "raw-fsync" ? "raw file + fsync per batch" : "SQLite WAL synchronous=" + sync.ToString().ToUpperInvariant();
        Console.WriteLine(string.Format(inv, "store: {0}, batch: {1} entries, payload: {2} B, entries: {3}, seconds: {4:F2}, dir: {5} ({6})",
            label, batch, payloadBytes, entries, elapsed, dir, FilesystemOf(dir)));
        if (store != "raw-fsync")
        {
            var open = Stopwatch.StartNew();
            using var reopened = DurableQueue.Open(Options(dir, sync));
            long depth = reopened.GetStats().Depth;
            Console.WriteLine(string.Format(inv, "reopen with quick_check: {0:F0} ms for {1} entries, {2} B file",
                open.Elapsed.TotalMilliseconds, depth, reopened.GetStats().FileBytes));
        }

        Directory.Delete(dir, recursive: true);
        return entries > 0 ? 0 : 1;
    }

    private static StoreOptions Options(string dir, SynchronousMode sync) => new()
    {
        DataDirectory = dir,
        Synchronous = sync,
        MaxBytes = 4L * 1024 * 1024 * 1024, // no drops during the run
    };

    private static (long Entries, double Seconds) Sqlite(string dir, SynchronousMode sync, int batchSize, byte[] payload, double seconds)
    {
        using var queue = DurableQueue.Open(Options(dir, sync));
        var batch = new NewEntry[batchSize];
        long now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        for (int i = 0; i < batchSize; i++)
        {
            batch[i] = new NewEntry(EntryKind.Reading, now, "bench/tank-1/level", payload);
        }

        for (int i = 0; i < 20; i++)
        {
            queue.AppendBatch(batch); // warm-up: JIT, file growth
        }

        long entries = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var result = queue.AppendBatch(batch);
            if (!result.AllStored)
            {
                throw new InvalidOperationException("append dropped entries: " + result + "; " + queue.GetStats());
            }

            entries += result.Stored;
        }

        return (entries, clock.Elapsed.TotalSeconds);
    }

    private static (long Entries, double Seconds) RawFsync(string dir, int batchSize, byte[] payload, double seconds)
    {
        using var log = new FileStream(Path.Combine(dir, "raw.log"), FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16);
        var record = new byte[4 + 8 + payload.Length];
        payload.CopyTo(record, 12);
        long entries = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < batchSize; i++)
            {
                BitConverter.TryWriteBytes(record.AsSpan(0, 4), payload.Length);
                BitConverter.TryWriteBytes(record.AsSpan(4, 8), entries + i);
                log.Write(record);
            }

            log.Flush(flushToDisk: true);
            entries += batchSize;
        }

        return (entries, clock.Elapsed.TotalSeconds);
    }

    private static string FilesystemOf(string dir)
    {
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(dir));
            return drive.DriveFormat + " at " + drive.Name;
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or UnauthorizedAccessException)
        {
            return "filesystem unknown";
        }
    }
}
