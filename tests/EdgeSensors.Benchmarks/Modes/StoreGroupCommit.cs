using System.Diagnostics;
using System.Globalization;
using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Runtime;
using EdgeSensors.Gateway.Storage;

namespace EdgeSensors.Benchmarks.Modes;

/// <summary>
/// store-group-commit: the durable queue fed as a busy gateway feeds it. Producer threads make --rate readings/s in
/// total (each encoded as the gateway encodes one, EntryCodec, about 40 B); one committer takes everything made since
/// its last commit and appends it as one batch (one SQLite transaction), starting a commit every --interval-ms (or at
/// once when the previous commit took longer) - the production <see cref="GroupCommitter"/>. Prints "appends/s: N" (what was made durable per second: below --rate
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
        var gaps = new List<double>();
        var durations = new List<double>();
        var waits = new List<double>();
        long entries = 0, dropped = 0;
        long warmupEnd = Stopwatch.GetTimestamp() + Stopwatch.Frequency; // 1 s warm-up, not counted
        long measuredStart = 0, measuredEnd = 0;
        long measureTicks = (long)(seconds * Stopwatch.Frequency);
        using var stop = new CancellationTokenSource();
        using var committer = new GroupCommitter(queue, TimeSpan.FromMilliseconds(intervalMs))
        {
            // The production group committer (the gateway's poll loops use it the same way); measured on its thread.
            Committed = commit =>
            {
                if (commit.StartedAt < warmupEnd || stop.IsCancellationRequested)
                {
                    return;
                }

                if (measuredStart == 0)
                {
                    measuredStart = commit.StartedAt;
                }
                else
                {
                    gaps.Add(Stopwatch.GetElapsedTime(commit.PreviousStartedAt, commit.StartedAt).TotalMilliseconds);
                }

                entries += commit.Entries;
                dropped += commit.Result.Dropped;
                durations.Add(Stopwatch.GetElapsedTime(commit.StartedAt, commit.EndedAt).TotalMilliseconds);
                waits.Add(Stopwatch.GetElapsedTime(commit.OldestOfferedAt, commit.EndedAt).TotalMilliseconds); // the oldest of the batch waited longest
                if (commit.EndedAt - measuredStart >= measureTicks)
                {
                    measuredEnd = commit.EndedAt;
                    stop.Cancel();
                }
            },
        };
        var tags = Enumerable.Range(0, 1000).Select(i => "bench-" + (i / 10) + "/tag-" + (i % 10)).ToArray();
        long startedAt = Stopwatch.GetTimestamp();
        Thread[] threads = [.. Enumerable.Range(0, producers).Select(p => new Thread(() =>
        {
            // Paced: each producer makes its share of --rate, in groups of 16, as device polls yield a few tags at once.
            double perSecond = rate / producers;
            long n = p, made = 0;
            var group = new List<NewEntry>(16);
            while (!stop.IsCancellationRequested)
            {
                long due = (long)(Stopwatch.GetElapsedTime(startedAt).TotalSeconds * perSecond);
                if (made >= due)
                {
                    Thread.Sleep(1);
                    continue;
                }

                group.Clear();
                for (int k = 0; k < 16 && made < due; k++, made++, n += producers)
                {
                    group.Add(new NewEntry(EntryKind.Reading, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), tags[n % tags.Length], EntryCodec.Reading(tags[n % tags.Length], n * 0.01, "m", SignalQuality.Good)));
                }

                committer.Offer(group);
            }
        }) { IsBackground = true, Name = "producer-" + p })];
        foreach (Thread thread in threads)
        {
            thread.Start();
        }

        stop.Token.WaitHandle.WaitOne();
        foreach (Thread thread in threads)
        {
            thread.Join();
        }

        if (dropped > 0)
        {
            throw new InvalidOperationException("appends dropped " + dropped + " entries; " + queue.GetStats());
        }

        double elapsed = (measuredEnd - measuredStart) / (double)Stopwatch.Frequency;
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Format(inv, "appends/s: {0:F0}", entries / elapsed));
        Console.WriteLine(string.Format(inv, "commits/s: {0:F1}", durations.Count / elapsed));
        Console.WriteLine(string.Format(inv, "commit interval ms: median {0:F1} p99 {1:F1} max {2:F1}", Percentile(gaps, 50), Percentile(gaps, 99), gaps.DefaultIfEmpty(0).Max()));
        Console.WriteLine(string.Format(inv, "commit duration ms: median {0:F1} p99 {1:F1} max {2:F1}", Percentile(durations, 50), Percentile(durations, 99), durations.DefaultIfEmpty(0).Max()));
        Console.WriteLine(string.Format(inv, "made-to-durable ms: p99 {0:F1} max {1:F1}", Percentile(waits, 99), waits.DefaultIfEmpty(0).Max()));
        Console.WriteLine(string.Format(inv, "entries per commit: mean {0:F0}; offered {1:F0} readings/s, sync {2}, producers {3}, interval {4} ms, {5:F1} s, dir {6}",
            entries / Math.Max(1, durations.Count), rate, sync, producers, intervalMs, elapsed, dir));
        committer.Dispose();
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
