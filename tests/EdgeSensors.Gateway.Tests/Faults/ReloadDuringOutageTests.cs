using System.Diagnostics;
using EdgeSensors.Gateway.Tests.Support;
using EdgeSensors.Gateway.Tests.Upstream;
using EdgeSensors.Simulator;
using Xunit.Abstractions;

namespace EdgeSensors.Gateway.Tests.Faults;

/// <summary>
/// 100 hot reloads of the real `edgesensors run` (file rewritten with a valid change, then SIGHUP) while the broker is
/// unreachable and polling goes on; when the link comes back a real subscriber receives every seq from 1 up, no gap.
/// </summary>
public sealed class ReloadDuringOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Reloads = 100;
    private readonly string _directory = Directory.CreateTempSubdirectory("edgesensors-reloads-").FullName;
    private SimulatorHost _simulator = null!;

    public async Task InitializeAsync() =>
        _simulator = await TestSimulator.StartAsync();

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Hundred_reloads_during_a_broker_outage_lose_no_seq()
    {
        string config = Path.Combine(_directory, "site.yaml");
        string data = Path.Combine(_directory, "data");
        string baseline = FaultSiteConfig.Text(_simulator, pollSeconds: 0.2);
        Assert.Contains("limits: { hh: 80, h: 50 }", baseline, StringComparison.Ordinal);
        Assert.Contains("heartbeat_s: 30\n", baseline, StringComparison.Ordinal);
        await File.WriteAllTextAsync(config, baseline);
        await using var broker = await MosquittoBroker.StartAsync();
        await using var backend = await TestSubscriber.ConnectAsync(broker.Port, "edgesensors/+/telemetry");
        await using var link = new CuttableRelay(broker.Port) { Refusing = true };

        using var gateway = GatewayProcess.Start(config, data, $"mqtt://127.0.0.1:{link.Port}");
        await Eventually.WaitUntilAsync(() => gateway.Status() is { } s && s.GetProperty("readings_queued").GetInt64() > 0, 60);
        var outage = Stopwatch.StartNew();
        for (int i = 1; i <= Reloads; i++)
        {
            // Valid edits: an alarm limit and a heartbeat move every time.
            string edited = baseline
                .Replace("limits: { hh: 80, h: 50 }", $"limits: {{ hh: 80, h: {40 + (i % 30)} }}", StringComparison.Ordinal)
                .Replace("heartbeat_s: 30\n", $"heartbeat_s: {30 + (i % 50)}\n", StringComparison.Ordinal);
            await File.WriteAllTextAsync(config, edited);
            gateway.Hangup();
            await Eventually.WaitUntilAsync(() => gateway.CountLines("config reloaded") >= i || gateway.HasExited, 30);
            Assert.False(gateway.HasExited, "edgesensors run exited during the reloads:\n" + gateway.Output);
        }

        TimeSpan reloading = outage.Elapsed;
        Assert.Equal(0, gateway.CountLines("config reload rejected"));
        Assert.Empty(backend.Received);
        await Eventually.WaitUntilAsync(() => gateway.Status() is { } s && s.GetProperty("polls").GetInt64() > 0, 30);
        ulong queuedDuringOutage = gateway.Status()!.Value.GetProperty("queue").GetProperty("next_seq").GetUInt64() - 1;

        link.Refusing = false;
        await Eventually.WaitUntilAsync(() => ReceivedTelemetry.Missing(ReceivedTelemetry.Decode(backend).Select(r => r.Seq).ToHashSet(), 1, queuedDuringOutage).Count == 0, 120, pollMs: 250);
        TimeSpan recovered = outage.Elapsed - reloading;

        List<ReceivedReading> received = ReceivedTelemetry.Decode(backend);
        var seqs = received.Select(r => r.Seq).ToHashSet();
        Assert.Empty(ReceivedTelemetry.Missing(seqs, 1, queuedDuringOutage));
        Assert.All(received.Where(r => r.Seq <= queuedDuringOutage), r => Assert.True(r.Backfill, $"seq {r.Seq} was queued during the outage and must be flagged backfill"));
        int duplicates = received.Count - seqs.Count;
        output.WriteLine($"{gateway.CountLines("config reloaded")} reloads in {reloading.TotalSeconds:0.0} s with the broker unreachable; "
            + $"{queuedDuringOutage} readings queued (seq 1-{queuedDuringOutage}), all received {recovered.TotalSeconds:0.0} s after the link came back; "
            + $"{duplicates} duplicate deliveries");
    }
}
