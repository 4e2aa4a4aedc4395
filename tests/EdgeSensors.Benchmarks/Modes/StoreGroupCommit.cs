using System.Diagnostics;
using System.Globalization;
using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Runtime;
using EdgeSensors.Gateway.Storage;
using EdgeSensors.Gateway.Storage.Queue;

namespace EdgeSensors.Benchmarks.Modes;

/// <summary>
/// store-group-commit: the durable queue fed as a busy gateway feeds it. Producer threads make --rate readings/s in
/// total (each encoded as the gateway encodes one, EntryCodec, about 40 B); one committer takes everything made since
/// its last commit and appends it as one batch (one SQLite transaction), starting a commit every --interval-ms (or at
/// once when the previous commit took longer). Prints "appends/s: N" (what was made durable per second: below --rate
/// when the store cannot keep up), then the commit interval (the gap between commit starts: median, p99, max), the
/// commit duration and how long a reading waited from being made to being durable (p99, max).
/// </summary>
internal static class StoreGroupCommit
{
    public static int Run(BenchArguments args)
    {
        string dir = args.Text("dir", Path.Combine(Path.GetTempPath(), "edgesensors-group-commit"));
        var sync = Enum.Parse<SynchronousMode>(args.Text("sync", "Full"), ignoreCase: true);
        int producers = args.Int("producers", 1);
        double rate = args.Double("rate", 100_000);
        double intervalMs = args.Double("interval-ms", 50);
        double seconds = args.Double("seconds", 5);
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, recursive: true);
        }

        Directory.CreateDirectory(dir);
        using var queue = DurableQueue.Open(new StoreOptions { DataDirectory = dir, Synchronous = sync, MaxBytes = 8L * 1024 * 1024 * 1024 });
        var pending = new List<(NewEntry Entry, long MadeAt)>(1 << 16);
        var gate = new object();
        using var stop = new CancellationTokenSource();
        var tags = Enumerable.Range(0, 1000).Select(i => "bench-" + (i / 10) + "/tag-" + (i % 10)).ToArray();
        long startedAt = Stopwatch.GetTimestamp();
        Thread[] threads = [.. Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            // Paced: each producer makes its share of --rate, in small groups, as device polls yield a few tags at once.
            double perSecond = rate / producers;
            long n = p, made = 0;
            while (!stop.IsCancellationRequested)
            {
                long due = (long)(Stopwatch.GetElapsedTime(startedAt).TotalSeconds * perSecond);
                if (made >= due)
                {
                    Thread.Sleep(1);
                    continue;
                }

                for (int k = 0; k < 16 && made < due; k++, made++, n += producers)
                {
                    var entry = new NewEntry(EntryKind.Reading, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), tags[n % tags.Length], EntryCodec.Reading(tags[n % tags.Length], n * 0.01, "m", SignalQuality.Good));
                    long madeAt = Stopwatch.GetTimestamp();
                    lock (gate)
                    {
                        pending.Add((entry, madeAt));
                    }
                }
            }
        }) { IsBackground = true, Name = "producer-" + p })];
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        var gaps = new List<double>();
        var durations = new List<double>();
        var waits = new List<double>();
        long entries = 0, warmupEnd = Stopwatch.GetTimestamp() + Stopwatch.Frequency; // 1 s warm-up, not counted
        long measuredStart = 0, lastStart = 0;
        while (true)
        {
            long target = lastStart + (long)(intervalMs * Stopwatch.Frequency / 1000);
            while (Stopwatch.GetTimestamp() < target)
            {
                Thread.Sleep(1);
            }

            List<(NewEntry Entry, long MadeAt)> batch;
            lock (gate)
            {
                batch = [.. pending];
                pending.Clear();
            }

            long start = Stopwatch.GetTimestamp();
            bool measuring = start >= warmupEnd;
            if (measuring && measuredStart == 0)
            {
                measuredStart = start;
            }
            else if (measuring && lastStart != 0)
            {
                gaps.Add(Stopwatch.GetElapsedTime(lastStart, start).TotalMilliseconds);
            }

            lastStart = start;
            if (batch.Count > 0)
            {
                AppendResult result = queue.AppendBatch([.. batch.Select(b => b.Entry)]);
                if (!result.AllStored)
                {
                    throw new InvalidOperationException("append dropped entries: " + result + "; " + queue.GetStats());
                }
            }

            long end = Stopwatch.GetTimestamp();
            if (measuring)
            {
                entries += batch.Count;
                durations.Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
                if (batch.Count > 0)
                {
                    waits.Add(Stopwatch.GetElapsedTime(batch[0].MadeAt, end).TotalMilliseconds); // the oldest of the batch waited longest
                }

                if (Stopwatch.GetElapsedTime(measuredStart, end).TotalSeconds >= seconds)
                {
                    stop.Cancel();
                    double elapsed = Stopwatch.GetElapsedTime(measuredStart, end).TotalSeconds;
                    var inv = CultureInfo.InvariantCulture;
                    Console.WriteLine(string.Format(inv, "appends/s: {0:F0}", entries / elapsed));
                    Console.WriteLine(string.Format(inv, "commits/s: {0:F1}", durations.Count / elapsed));
                    Console.WriteLine(string.Format(inv, "commit interval ms: median {0:F1} p99 {1:F1} max {2:F1}", Percentile(gaps, 50), Percentile(gaps, 99), gaps.DefaultIfEmpty(0).Max()));
                    Console.WriteLine(string.Format(inv, "commit duration ms: median {0:F1} p99 {1:F1} max {2:F1}", Percentile(durations, 50), Percentile(durations, 99), durations.DefaultIfEmpty(0).Max()));
                    Console.WriteLine(string.Format(inv, "made-to-durable ms: p99 {0:F1} max {1:F1}", Percentile(waits, 99), waits.DefaultIfEmpty(0).Max()));
                    Console.WriteLine(string.Format(inv, "entries per commit: mean {0:F0}; offered {1:F0} readings/s, sync {2}, producers {3}, interval {4} ms, {5:F1} s, dir {6}",
                        entries / Math.Max(1, durations.Count), rate, sync, producers, intervalMs, elapsed, dir));
                    break;
                }
            }
        }

        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        queue.Dispose();
        Directory.Delete(dir, recursive: true);
        return entries > 0 ? 0 : 1;
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
    }
}
