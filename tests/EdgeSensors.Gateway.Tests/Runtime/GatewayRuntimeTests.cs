using System.Text;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Runtime;
using EdgeSensors.Gateway.Tests.Configuration;
using EdgeSensors.Gateway.Tests.Support;
using EdgeSensors.Gateway.Tests.Upstream;
using EdgeSensors.Gateway.Upstream;
using EdgeSensors.Simulator;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Gateway.Tests.Runtime;

/// <summary>
/// The whole gateway in one process: the simulator on Modbus TCP, the example site config, the durable queue in a
/// temp directory and a broker, with a backend subscriber decoding what arrives through the shared contract.
/// </summary>
public sealed class GatewayRuntimeTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("edgesensors-gw-").FullName;
    private SimulatorHost _simulator = null!;

    public async Task InitializeAsync()
    {
        _simulator = await TestSimulator.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Readings_reach_the_backend_in_contract_form_with_increasing_seq_and_units()
    {
        await using var broker = await EmbeddedBroker.StartAsync(port: 0);
        await using var backend = await TestSubscriber.ConnectAsync(broker.Port, "edgesensors/+/telemetry");
        SiteConfig config = ExampleOnSimulator();

        await using (GatewayRuntime runtime = GatewayRuntime.Start(config, _data, broker.Uri))
        {
            // The first poll's nine readings, in however many messages the commits and the forwarder's window cut them into.
            await Eventually.WaitUntilAsync(() => backend.Received.Sum(m => Decode(m.Payload).Count) >= 9, seconds: 20);
        }

        TelemetryReading[] readings = [.. backend.Received.SelectMany(m => Decode(m.Payload))];
        Assert.Contains(readings, r => r.Tag == "t101-level/pv" && r.Unit == "m" && r.Value is > 0.9 and < 11.1);
        Assert.Contains(readings, r => r.Tag == "p201-pressure/p1" && r.Unit == "bar");
        Assert.Contains(readings, r => r.Tag == "t101-lel/concentration" && r.Unit == "%LEL");
        ulong[] seqs = [.. readings.Select(r => r.Seq)];
        Assert.Equal(seqs.Length, seqs.Distinct().Count());
        Assert.Equal(seqs.Order(), seqs);
    }

    [Fact]
    public async Task Broker_outage_loses_nothing_backlog_is_replayed_as_backfill_without_seq_gaps()
    {
        await using var mosquitto = await MosquittoBroker.StartAsync();
        await using var backend = await TestSubscriber.ConnectAsync(mosquitto.Port, "edgesensors/+/telemetry");
        SiteConfig config = ExampleOnSimulator();
        await using GatewayRuntime runtime = GatewayRuntime.Start(config, _data, new Uri($"mqtt://127.0.0.1:{mosquitto.Port}"));
        await backend.WaitForAsync(m => Decode(m.Payload).Count > 0, seconds: 20);

        await mosquitto.KillAsync();
        long queuedBefore = runtime.ReadingsQueued;
        await Eventually.WaitUntilAsync(() => runtime.ReadingsQueued > queuedBefore + 3, 30);
        Assert.True(runtime.Queue.GetStats().Depth > 0, "readings polled during the outage must wait in the queue");
        await mosquitto.RestartAsync();
        await using var backendAfter = await TestSubscriber.ConnectAsync(mosquitto.Port, "edgesensors/+/telemetry");
        await Eventually.WaitUntilAsync(() => runtime.Queue.GetStats().Depth == 0 || backendAfter.Received.Any(m => m.Payload.Contains("\"backfill\":true", StringComparison.Ordinal)), 30);
        await backendAfter.WaitForAsync(m => m.Payload.Contains("\"backfill\":true", StringComparison.Ordinal), seconds: 30);
        await Eventually.WaitUntilAsync(() => runtime.Queue.GetStats().Depth == 0, 30);

        // Every seq from the first to the last received is present once: the outage left no gap.
        ulong[] seqs = [.. backend.Received.Concat(backendAfter.Received).SelectMany(m => Decode(m.Payload)).Select(r => r.Seq).Distinct().Order()];
        ulong expected = seqs[^1] - seqs[0] + 1;
        Assert.Equal(expected, (ulong)seqs.Length);
        Assert.Equal(0, runtime.Queue.GetStats().Drops.Total());
    }

    [Fact]
    public async Task Stopping_twice_is_harmless_and_the_second_stop_does_not_throw()
    {
        GatewayRuntime runtime = GatewayRuntime.Start(ExampleOnSimulator(), _data, broker: null);
        await Eventually.WaitUntilAsync(() => runtime.Polls > 0, 20);

        await runtime.DisposeAsync();
        Exception? second = await Record.ExceptionAsync(async () => await runtime.DisposeAsync());

        Assert.Null(second);
    }

    private SiteConfig ExampleOnSimulator()
    {
        SiteConfig example = SiteConfigLoaderFor(ConfigFiles.TankFarm);
        int port = _simulator.TcpEndPoint!.Port;
        return example with
        {
            Buses = [.. example.Buses.Select(b => b is TcpBusConfig tcp ? tcp with { Port = port } : b)],
        };
    }

    private static SiteConfig SiteConfigLoaderFor(string path) =>
        EdgeSensors.Gateway.Configuration.Loading.SiteConfigLoader.Load(path, ConfigFiles.Profiles).Config
        ?? throw new InvalidOperationException(path + " does not load");

    private static List<TelemetryReading> Decode(string payload)
    {
        var batch = new TelemetryBatch(500);
        byte[] bytes = Encoding.UTF8.GetBytes(payload);
        var decoder = new TelemetryDecoder();
        Assert.True(decoder.DecodeBatch(bytes, 0, bytes.Length, batch) == TelemetryDecodeStatus.Ok, decoder.ErrorMessage + ": " + payload);
        return [.. Enumerable.Range(0, batch.Count).Select(i => Copy(batch[i]))];
    }

    private static TelemetryReading Copy(TelemetryReading r)
    {
        var copy = new TelemetryReading();
        copy.Set(r.Tag, r.Value, r.Unit, r.Quality, r.TimeMs, r.Seq);
        return copy;
    }

}
