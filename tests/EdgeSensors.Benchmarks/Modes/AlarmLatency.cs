using System.Diagnostics;
using System.Globalization;
using System.Net;
using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Gateway.Outputs;
using EdgeSensors.Gateway.Runtime;
using EdgeSensors.Gateway.Storage;
using EdgeSensors.Profiles.Loading;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeSensors.Benchmarks.Modes;

/// <summary>
/// alarm-latency: the whole gateway runtime (GatewayRuntime, as `edgesensors run` wires it) polls one level register
/// every --poll-ms from a Modbus TCP server, with a high limit driving a simulated beacon, and forwards to the broker on
/// --broker-port while its durable queue holds --backlog readings waiting to be replayed. Each round the register is
/// moved across the limit at a random phase of the poll cycle; the time to the beacon switching (crossing to local
/// output) and to the alarm event arriving at a subscriber (crossing to broker) are measured. Targets: output within
/// one poll period + 10 ms; broker within 100 ms, even with a backlog of 1,000,000 readings.
/// </summary>
internal static class AlarmLatency
{
    private const string Profile = """
        id: bench-alarm
        manufacturer: EdgeSensors benchmark
        model: one level register
        source: tests/EdgeSensors.Benchmarks/Modes/AlarmLatency.cs
        tags:
          - { name: level, table: holding, address: 0, type: uint16, unit: m, kind: measurement }
        """;

    public static async Task<int> RunAsync(BenchArguments args)
    {
        int brokerPort = args.Int("broker-port", 1883);
        int pollMs = args.Int("poll-ms", 100);
        int backlog = args.Int("backlog", 1_000_000);
        int rounds = args.Int("rounds", 30);
        string data = args.Text("dir", Path.Combine(Path.GetTempPath(), "edgesensors-alarm-latency"));
        var inv = CultureInfo.InvariantCulture;
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }

        var bank = new RegisterBank().AddUnit(1, 16);
        bank.SetHolding(1, 0, 1500);
        await using var server = new ModbusTcpServer(new IPEndPoint(IPAddress.Loopback, 0), bank);
        await server.StartAsync();
        DeviceProfile[] profiles = [ProfileLoader.Parse(Profile, "bench-alarm.yaml")];
        string yaml = $$"""
            gateway: { id: bench-alarm, site: benchmark }
            buses:
              - { name: bench, type: tcp, host: 127.0.0.1, port: {{server.LocalEndPoint.Port}}, timeout_ms: 1000 }
            devices:
              - name: tank
                bus: bench
                profile: bench-alarm
                unit_id: 1
                poll_interval_s: {{(pollMs / 1000.0).ToString(inv)}}
                tags:
                  - name: level
                    alarms:
                      limits: { h: 2000 }
            outputs:
              - { name: beacon, gpio_pin: 17, mode: while_active, driver: simulated, alarms: [tank.level.h] }
            upstream: { broker: "mqtt://127.0.0.1:{{brokerPort}}" }
            storage: { synchronous: normal }
            """;
        ConfigResult loaded = SiteConfigLoader.Parse(yaml, "bench-alarm.yaml", profiles);
        SiteConfig config = loaded.Config ?? throw new InvalidOperationException("bench config invalid: " + string.Join("; ", loaded.Errors.Select(e => e.ToString())));

        // The backlog an outage left: readings waiting in the same queue the runtime opens.
        var prefill = Stopwatch.StartNew();
        StoreOptions store = config.Storage.ToStoreOptions();
        store.DataDirectory = Path.Combine(data, StorageConfig.QueueDirectoryName);
        using (var queue = DurableQueue.Open(store))
        {
            long oldMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - 3_600_000;
            for (int done = 0; done < backlog;)
            {
                int n = Math.Min(10_000, backlog - done);
                queue.AppendBatch([.. Enumerable.Range(done, n).Select(i => new NewEntry(EntryKind.Reading, oldMs + (i / 1000), "old/level", EntryCodec.Reading("old/level", i * 0.001, "m", SignalQuality.Good)))]);
                done += n;
            }
        }

        Console.WriteLine(string.Format(inv, "# backlog of {0} readings queued in {1:F1} s", backlog, prefill.Elapsed.TotalSeconds));

        var arrivals = new List<(long At, long AcquiredMs, long ArrivedMs)>();
        var gate = new object();
        var subscriber = new MqttClientFactory().CreateMqttClient();
        var decoder = new TelemetryDecoder();
        var alarm = new AlarmMessage();
        subscriber.ApplicationMessageReceivedAsync += e =>
        {
            long at = Stopwatch.GetTimestamp();
            long nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            byte[] payload = System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload);
            lock (gate)
            {
                if (decoder.DecodeAlarm(payload, 0, payload.Length, alarm) == TelemetryDecodeStatus.Ok && alarm.State == AlarmEventType.Raised && !alarm.Backfill)
                {
                    arrivals.Add((at, alarm.TimeMs, nowMs));
                }
            }

            return Task.CompletedTask;
        };
        await subscriber.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", brokerPort).WithClientId("bench-alarm-backend").Build());
        await subscriber.SubscribeAsync("edgesensors/+/alarms", MqttQualityOfServiceLevel.AtLeastOnce);

        GatewayRuntime runtime = GatewayRuntime.Start(config, data, broker: null);
        await runtime.Upstream!.WaitConnectedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        SimulatedPin beacon = runtime.Alarms.SimulatedPins.Single();
        var local = new List<double>();
        var toBroker = new List<double>();
        var acquiredToBroker = new List<double>();
        var random = new Random(7);
        for (int round = 0; round < rounds; round++)
        {
            bank.SetHolding(1, 0, 1500);
            await WaitAsync(() => !beacon.Level, "the beacon did not switch off");
            await Task.Delay(pollMs + random.Next(pollMs)); // a random phase of the poll cycle
            int arrived;
            lock (gate)
            {
                arrived = arrivals.Count;
            }

            long crossing = Stopwatch.GetTimestamp();
            bank.SetHolding(1, 0, 2500);
            while (!beacon.Level)
            {
                Thread.SpinWait(200);
                if (Stopwatch.GetElapsedTime(crossing) > TimeSpan.FromSeconds(10))
                {
                    throw new TimeoutException("the beacon did not switch on within 10 s");
                }
            }

            local.Add(Stopwatch.GetElapsedTime(crossing).TotalMilliseconds);
            await WaitAsync(() => { lock (gate) { return arrivals.Count > arrived; } }, "the alarm event did not reach the broker");
            lock (gate)
            {
                var (at, acquiredMs, arrivedMs) = arrivals[arrived];
                toBroker.Add(Stopwatch.GetElapsedTime(crossing, at).TotalMilliseconds);
                acquiredToBroker.Add(arrivedMs - acquiredMs);
            }
        }

        var stats = runtime.Queue.GetStats();
        await subscriber.DisconnectAsync();
        subscriber.Dispose();
        Console.WriteLine(string.Format(inv, "crossing to output ms: p50 {0:F1} p99 {1:F1} max {2:F1} (poll period {3} ms, target <= {4} ms)", Percentile(local, 50), Percentile(local, 99), local.Max(), pollMs, pollMs + 10));
        Console.WriteLine(string.Format(inv, "crossing to broker ms: p50 {0:F1} p99 {1:F1} max {2:F1} (target < 100 ms)", Percentile(toBroker, 50), Percentile(toBroker, 99), toBroker.Max()));
        Console.WriteLine(string.Format(inv, "acquisition to broker ms: p50 {0:F0} p99 {1:F0} max {2:F0}", Percentile(acquiredToBroker, 50), Percentile(acquiredToBroker, 99), acquiredToBroker.Max()));
        Console.WriteLine(string.Format(inv, "rounds: {0}; backlog still queued at the end: {1} readings", rounds, stats.Depth));
        await runtime.DisposeAsync();
        Directory.Delete(data, recursive: true);
        return 0;
    }

    private static async Task WaitAsync(Func<bool> condition, string failure)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                throw new TimeoutException(failure + " within 10 s");
            }

            await Task.Delay(1);
        }
    }

    private static double Percentile(List<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p / 100 * sorted.Count) - 1)];
    }
}
