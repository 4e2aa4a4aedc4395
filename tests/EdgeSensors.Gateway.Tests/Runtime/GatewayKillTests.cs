using System.Text;
using EdgeSensors.Gateway.Tests.Support;
using EdgeSensors.Gateway.Tests.Upstream;
using EdgeSensors.Simulator;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Gateway.Tests.Runtime;

/// <summary>
/// kill -9 of the real `edgesensors run` process while the broker is unreachable: after a restart with a broker, every
/// reading the killed process had committed reaches the backend, flagged as backfill.
/// </summary>
public sealed class GatewayKillTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("edgesensors-kill-").FullName;
    private SimulatorHost _simulator = null!;

    public async Task InitializeAsync() =>
        _simulator = await TestSimulator.StartAsync();

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Readings_committed_before_a_sigkill_are_delivered_as_backfill_after_the_restart()
    {
        string config = Path.Combine(_directory, "site.yaml");
        string data = Path.Combine(_directory, "data");
        await File.WriteAllTextAsync(config, TestSimulator.ExampleConfigText(_simulator));

        using (GatewayProcess offline = GatewayProcess.Start(config, data, "mqtt://127.0.0.1:9"))
        {
            await Eventually.WaitUntilAsync(() => offline.Status() is { } s && s.GetProperty("readings_queued").GetInt64() >= 15, 180); // generous: a loaded CI machine starts a process slowly
            offline.KillHard(); // SIGKILL: no shutdown code runs
        }

        ulong committed = GatewayProcess.ReadStatus(data)!.Value.GetProperty("queue").GetProperty("next_seq").GetUInt64() - 1;
        await using var broker = await MosquittoBroker.StartAsync();
        await using var backend = await TestSubscriber.ConnectAsync(broker.Port, "edgesensors/+/telemetry");
        using (GatewayProcess online = GatewayProcess.Start(config, data, $"mqtt://127.0.0.1:{broker.Port}"))
        {
            await Eventually.WaitUntilAsync(() => Received(backend).Select(r => r.Reading.Seq).Where(s => s <= committed).Distinct().Count() >= (int)committed, 180);
        }

        List<(TelemetryReading Reading, bool Backfill)> received = Received(backend);
        Assert.Equal(Enumerable.Range(1, (int)committed).Select(i => (ulong)i), received.Select(r => r.Reading.Seq).Where(s => s <= committed).Distinct().Order());
        Assert.All(received.Where(r => r.Reading.Seq <= committed), r => Assert.True(r.Backfill, $"seq {r.Reading.Seq} was queued before the kill and must be flagged backfill"));
    }



    private static List<(TelemetryReading Reading, bool Backfill)> Received(TestSubscriber backend)
    {
        var readings = new List<(TelemetryReading, bool)>();
        var decoder = new TelemetryDecoder();
        foreach (var message in backend.Received)
        {
            var batch = new TelemetryBatch(500);
            byte[] bytes = Encoding.UTF8.GetBytes(message.Payload);
            Assert.Equal(TelemetryDecodeStatus.Ok, decoder.DecodeBatch(bytes, 0, bytes.Length, batch));
            for (int i = 0; i < batch.Count; i++)
            {
                var copy = new TelemetryReading();
                copy.Set(batch[i].Tag, batch[i].Value, batch[i].Unit, batch[i].Quality, batch[i].TimeMs, batch[i].Seq);
                readings.Add((copy, batch.Backfill));
            }
        }

        return readings;
    }

}
