using System.Diagnostics;
using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Outputs;
using EdgeSensors.Gateway.Runtime;
using EdgeSensors.Gateway.Tests.Configuration;
using EdgeSensors.Gateway.Tests.Simulator;
using EdgeSensors.Gateway.Tests.Support;
using EdgeSensors.Simulator;
using EdgeSensors.Simulator.Signals;

namespace EdgeSensors.Gateway.Tests.Runtime;

/// <summary>
/// Safety: a gas leak switches the local output with the broker unreachable, and a latched alarm is still active (and
/// its output on) after the gateway restarts.
/// </summary>
public sealed class LocalAlarmsOfflineTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("edgesensors-alarms-").FullName;
    private readonly ManualClock _farmClock = new();
    private SimulatorHost _simulator = null!;

    public async Task InitializeAsync()
    {
        var quiet = new EpisodeSettings
        {
            LeakIntervalMin = TimeSpan.FromDays(10),
            LeakIntervalMax = TimeSpan.FromDays(11),
            FaultIntervalMin = TimeSpan.FromDays(10),
            FaultIntervalMax = TimeSpan.FromDays(11),
        };
        _simulator = await TestSimulator.StartAsync(_farmClock, quiet);
    }

    public async Task DisposeAsync()
    {
        await _simulator.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Gas_leak_switches_the_beacon_with_the_broker_down_and_the_latched_alarm_survives_a_restart()
    {
        SiteConfig config = OfflineExample();
        TimeSpan pollPeriod = config.FindDevice("t101-lel")!.PollInterval;
        TimeSpan onDelay = TimeSpan.FromSeconds(2); // t101-lel concentration: on_delay_s: 2 in the example
        await using (GatewayRuntime runtime = GatewayRuntime.Start(config, _data, broker: null))
        {
            SimulatedPin beacon = runtime.Alarms.SimulatedPins.Single(p => p.Name == "gas-beacon");
            await Task.Delay(pollPeriod * 2);
            Assert.False(beacon.Level, "no leak yet: the beacon must be off");

            _simulator.Farm.TriggerLeak("T-101");
            // 40 s of farm time: past the 30 s rise to the leak's peak, inside its shortest 30 s hold.
            for (int s = 0; s < 40; s++)
            {
                _farmClock.Advance(TimeSpan.FromSeconds(1));
                _simulator.Farm.Sync();
            }

            var crossing = Stopwatch.StartNew();
            TimeSpan? switchedAfter = null;
            while ((switchedAfter is null || !runtime.Alarms.Summary().Any(a => a.Tag == "t101-lel/concentration")) && crossing.Elapsed < TimeSpan.FromSeconds(15))
            {
                // The H2S detector at T-101 also drives the beacon; whichever gas alarm comes first switches it.
                if (switchedAfter is null && beacon.Level)
                {
                    switchedAfter = crossing.Elapsed;
                }

                await Task.Delay(20);
            }

            Assert.True(switchedAfter is not null, "the beacon did not switch on with the broker unreachable");

            // Within one poll period of the crossing, plus the configured on-delay (and scheduling slack on a loaded CI machine).
            Assert.True(switchedAfter < pollPeriod + onDelay + TimeSpan.FromSeconds(2), $"switched after {switchedAfter!.Value.TotalMilliseconds:0} ms");
            Assert.False(runtime.Upstream!.IsConnected);
            Assert.True(runtime.Queue.GetStats().AlarmDepth > 0, "the alarm event must wait in the durable queue for the broker");
            Assert.Contains(runtime.Alarms.Summary(), a => a.Tag == "t101-lel/concentration");
        }

        // The leak is still there, but even before the first poll the restored state drives the outputs.
        await using GatewayRuntime restarted = GatewayRuntime.Start(config, _data, broker: null);
        Assert.True(restarted.Alarms.RestoredTags > 0);
        Assert.Contains(restarted.Alarms.Summary(), a => a.Tag == "t101-lel/concentration");
        Assert.True(restarted.Alarms.SimulatedPins.Single(p => p.Name == "gas-beacon").Level);
        Assert.True(restarted.Queue.GetStats().AlarmDepth > 0, "queued alarm events survive the restart");
    }

    [Fact]
    public async Task An_ack_published_by_the_backend_acknowledges_the_alarm_and_the_event_comes_back()
    {
        await using var broker = await EdgeSensors.Gateway.Upstream.EmbeddedBroker.StartAsync(port: 0);
        await using var backend = await EdgeSensors.Gateway.Tests.Upstream.TestSubscriber.ConnectAsync(broker.Port, "edgesensors/+/alarms");
        SiteConfig config = OfflineExample();
        await using GatewayRuntime runtime = GatewayRuntime.Start(config, _data, broker.Uri);
        await runtime.Upstream!.WaitConnectedAsync(new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token);
        _simulator.Farm.TriggerLeak("T-101");
        for (int s = 0; s < 40; s++)
        {
            _farmClock.Advance(TimeSpan.FromSeconds(1));
            _simulator.Farm.Sync();
        }

        await backend.WaitForAsync(m => m.Payload.Contains("\"tag\":\"t101-lel/concentration\"", StringComparison.Ordinal) && m.Payload.Contains("\"raised\"", StringComparison.Ordinal), seconds: 15);

        using var operatorClient = new MQTTnet.MqttClientFactory().CreateMqttClient();
        await operatorClient.ConnectAsync(new MQTTnet.MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", broker.Port).WithClientId("operator").Build());
        await operatorClient.PublishAsync(new MQTTnet.MqttApplicationMessageBuilder()
            .WithTopic(runtime.AckTopic)
            .WithPayload("t101-lel/concentration")
            .WithQualityOfServiceLevel(MQTTnet.Protocol.MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());

        await backend.WaitForAsync(m => m.Payload.Contains("\"tag\":\"t101-lel/concentration\"", StringComparison.Ordinal) && m.Payload.Contains("\"acknowledged\"", StringComparison.Ordinal), seconds: 15);
        Assert.Equal("edgesensors/tank-farm-sim/commands/ack", runtime.AckTopic);
    }

    private SiteConfig OfflineExample()
    {
        SiteConfig example = SiteConfigLoader.Load(ConfigFiles.TankFarm, ConfigFiles.Profiles).Config!;
        int port = _simulator.TcpEndPoint!.Port;

        // Port 9 (discard) on loopback has no broker: the WAN is "down" for the whole test.
        return example with
        {
            Buses = [.. example.Buses.Select(b => b is TcpBusConfig tcp ? tcp with { Port = port } : b)],
            Upstream = example.Upstream! with { Broker = new Uri("mqtt://127.0.0.1:9") },
        };
    }
}
