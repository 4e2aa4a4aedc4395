using EdgeSensors.Gateway.Storage;
using EdgeSensors.Gateway.Tests.Support;
using EdgeSensors.Gateway.Tests.Upstream;
using EdgeSensors.Simulator;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace EdgeSensors.Gateway.Tests.Faults;

/// <summary>
/// 20 kill -9 / restart cycles of the real `edgesensors run` under load (six devices polled every 100 ms, no deadband,
/// forwarding live to a real Mosquitto), then a last run drains. At a real subscriber every seq any run committed must
/// have arrived: no gap, duplicates (redeliveries of entries published but not yet acked at a kill) counted.
/// </summary>
public sealed class KillRestartCycleTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Cycles = 20;
    private readonly string _directory = Directory.CreateTempSubdirectory("edgesensors-kill-cycles-").FullName;
    private SimulatorHost _simulator = null!;

    public async Task InitializeAsync() =>
        _simulator = await TestSimulator.StartAsync();

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Twenty_sigkills_under_load_leave_every_committed_seq_delivered_with_no_gap()
    {
        string config = Path.Combine(_directory, "site.yaml");
        string data = Path.Combine(_directory, "data");
        await File.WriteAllTextAsync(config, FaultSiteConfig.Text(_simulator, pollSeconds: 0.1));
        await using var broker = await MosquittoBroker.StartAsync();
        await using var backend = await TestSubscriber.ConnectAsync(broker.Port, "edgesensors/+/telemetry");
        string brokerUri = $"mqtt://127.0.0.1:{broker.Port}";

        // Each killed run committed exactly the seqs [First, Last]: First is where the queue said it would continue,
        // Last the highest seq in the database the kill left (meta.next_seq - 1, written with every commit).
        var committed = new List<(ulong First, ulong Last)>();
        ulong first = 1; // a new queue starts at seq 1 (docs/storage.md)
        var random = new Random(3);
        Directory.CreateDirectory(data);
        for (int cycle = 0; cycle < Cycles; cycle++)
        {
            File.Delete(Path.Combine(data, "status.json"));
            var started = System.Diagnostics.Stopwatch.StartNew();
            TimeSpan firstStatus;
            using (var gateway = GatewayProcess.Start(config, data, brokerUri))
            {
                await Eventually.WaitUntilAsync(() => gateway.Status() is not null, 60, pollMs: 20);
                firstStatus = started.Elapsed;

                // The first poll queues every tag (nothing published yet); then kill at a different point of polling
                // and forwarding each time.
                await Eventually.WaitUntilAsync(() => gateway.Status() is { } s && s.GetProperty("readings_queued").GetInt64() >= 9, 60, pollMs: 20);
                await Task.Delay(random.Next(1000));
                gateway.KillHard();
            }

            output.WriteLine($"cycle {cycle}: first status after {firstStatus.TotalSeconds:0.0} s, killed after {started.Elapsed.TotalSeconds:0.0} s");

            ulong last = CommittedHighWater(data, cycle);
            Assert.True(last >= first, $"cycle {cycle}: the run committed nothing (next seq was {first}, database ends at {last})");
            committed.Add((first, last));
            first = NextSeqAfterRestart(data, cycle);
            Assert.True(first > last, $"cycle {cycle}: the restart would reuse seq {first} (committed up to {last})");
        }

        // The last run drains what the killed runs left unacknowledged (replayed as backfill).
        ulong lastCommitted = committed[^1].Last;
        output.WriteLine($"killed runs committed up to seq {lastCommitted}; draining");
        using (var drain = GatewayProcess.Start(config, data, brokerUri))
        {
            await Eventually.WaitUntilAsync(() => committed.All(r => Covered(backend, r.First, r.Last)), 90, pollMs: 250);
            drain.KillHard();
        }

        List<ReceivedReading> received = ReceivedTelemetry.Decode(backend);
        var seqs = received.Select(r => r.Seq).ToHashSet();
        foreach (var (from, to) in committed)
        {
            List<string> missing = ReceivedTelemetry.Missing(seqs, from, to);
            Assert.True(missing.Count == 0, $"committed seqs never delivered: {string.Join(", ", missing)}");
        }

        // Between runs only the block a restart skips may be empty; nothing was ever sent from it.
        for (int i = 1; i < committed.Count; i++)
        {
            ulong gapFrom = committed[i - 1].Last + 1, gapTo = committed[i].First - 1;
            Assert.DoesNotContain(received, r => r.Seq >= gapFrom && r.Seq <= gapTo);
        }

        // A duplicate is a redelivery of the same entry, never a reused seq.
        var duplicates = received.GroupBy(r => r.Seq).Where(g => g.Count() > 1).ToList();
        Assert.All(duplicates, g => Assert.Single(g.Select(r => (r.Tag, r.TimeMs, r.Value)).Distinct()));
        ulong total = committed.Aggregate(0UL, (sum, r) => sum + (r.Last - r.First + 1));
        output.WriteLine($"{Cycles} kill -9 cycles: {total} readings committed by the killed runs, all delivered; "
            + $"{received.Count} readings received in {backend.Received.Count} messages, {duplicates.Count} seqs delivered more than once "
            + $"({duplicates.Sum(g => g.Count() - 1)} extra copies); seq blocks skipped at restarts: {committed.Count - 1}; "
            + $"{received.Count(r => r.Backfill && r.Seq <= lastCommitted)} readings of the killed runs arrived as backfill after a restart");
    }

    private static bool Covered(TestSubscriber backend, ulong first, ulong last)
    {
        var seqs = ReceivedTelemetry.Decode(backend).Select(r => r.Seq).ToHashSet();
        return ReceivedTelemetry.Missing(seqs, first, last).Count == 0;
    }

    /// <summary>The highest seq the killed run committed, read from a copy of what it left on disk.</summary>
    private ulong CommittedHighWater(string data, int cycle)
    {
        string copy = CopyQueue(data, "high-water-" + cycle);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(copy, StoreOptions.DatabaseFileName), Pooling = false }.ToString());
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT next_seq FROM meta WHERE id = 1";
        return (ulong)(long)command.ExecuteScalar()! - 1;
    }

    /// <summary>Where the restarted queue will continue: the queue itself opened on another copy of the same files.</summary>
    private ulong NextSeqAfterRestart(string data, int cycle)
    {
        string copy = CopyQueue(data, "restart-" + cycle);
        using DurableQueue queue = DurableQueue.Open(new StoreOptions { DataDirectory = copy, Synchronous = SynchronousMode.Normal });
        return queue.GetStats().NextSeq;
    }

    /// <summary>queue.db, its WAL and queue.seq as the kill left them (not the -shm, which a first opener rebuilds).</summary>
    private string CopyQueue(string data, string name)
    {
        string source = Path.Combine(data, "queue");
        string target = Path.Combine(_directory, "copies", name);
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(source).Where(f => !f.EndsWith("-shm", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        }

        return target;
    }
}
