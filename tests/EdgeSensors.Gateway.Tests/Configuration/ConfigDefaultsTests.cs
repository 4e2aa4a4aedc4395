using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Gateway.Configuration.Model;

namespace EdgeSensors.Gateway.Tests.Configuration;

/// <summary>What a left-out key becomes in the model is what ConfigDefaults (and so the docs and schema) say.</summary>
public class ConfigDefaultsTests
{
    [Fact]
    public void A_minimal_config_gets_every_documented_default()
    {
        var result = ConfigFiles.Parse(ConfigFiles.Lines(
        [
            .. MinimalConfig.Head,
            "  - name: line", "    bus: sim", "    profile: keller-series30", "    unit_id: 5", "    tags:",
            "      - name: p1", "        alarms: { limits: { h: 8 }, rate: { per_minute: 5 } }",
        ]));
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        SiteConfig config = result.Config;

        var bus = (TcpBusConfig)config.Buses[0];
        Assert.Equal(TimeSpan.FromMilliseconds(ConfigDefaults.TimeoutMs), bus.Timeout);
        Assert.Equal(ConfigDefaults.Retries, bus.Retries);
        DeviceConfig device = config.Devices[0];
        Assert.Equal(TimeSpan.FromSeconds(ConfigDefaults.PollIntervalSeconds), device.PollInterval);
        Assert.Equal(ConfigDefaults.MaxGapRegisters, device.MaxGapRegisters);
        TagConfig tag = device.Tags[0];
        Assert.Equal(TimeSpan.FromSeconds(ConfigDefaults.HeartbeatSeconds), tag.Heartbeat);
        Assert.Equal(EdgeSensors.Gateway.Polling.Deadband.None, tag.Deadband);
        AlarmConfig alarms = tag.Alarms!;
        Assert.Equal(
            new LimitSetting(8, ConfigDefaults.Hysteresis, TimeSpan.FromSeconds(ConfigDefaults.OnDelaySeconds), TimeSpan.FromSeconds(ConfigDefaults.OffDelaySeconds), ConfigDefaults.Latch),
            alarms.High);
        Assert.Equal(ConfigDefaults.FaultAlarm, alarms.Fault is not null);
        Assert.Equal(
            new FaultAlarm(EdgeSensors.Alarms.FaultTriggers.NoMeasurement, TimeSpan.FromSeconds(ConfigDefaults.FaultOnDelaySeconds), TimeSpan.FromSeconds(ConfigDefaults.FaultOffDelaySeconds), ConfigDefaults.FaultLatch),
            alarms.Fault);
        RateOfChange rate = alarms.Rate!;
        Assert.Equal(TimeSpan.FromSeconds(ConfigDefaults.RateWindowSeconds), rate.Window);
        Assert.Equal(ConfigVocabulary.Directions[ConfigDefaults.RateDirection], rate.Direction);
        Assert.Equal((ConfigDefaults.RateHysteresis, ConfigDefaults.RateHistory), (rate.Hysteresis, rate.History));
        Assert.Empty(config.Outputs);
        Assert.Null(config.Upstream);
        StorageConfig storage = config.Storage;
        Assert.Equal(ConfigDefaults.DataDirectory, storage.DataDirectory);
        Assert.Equal(ConfigDefaults.MaxBytes, storage.MaxBytes);
        Assert.Equal(TimeSpan.FromDays(ConfigDefaults.MaxAgeDays), storage.MaxAge);
        Assert.Equal(ConfigDefaults.BackfillRate, storage.BackfillRate);
        Assert.Equal(ConfigVocabulary.SyncModes[ConfigDefaults.Synchronous], storage.Synchronous);

        // The store's own defaults agree with the config's.
        var store = new EdgeSensors.Gateway.Storage.StoreOptions();
        Assert.Equal(store.DataDirectory, storage.ToStoreOptions().DataDirectory);
        Assert.Equal((store.MaxBytes, store.MaxAge, store.BackfillRatePerSecond, store.Synchronous), (storage.MaxBytes, storage.MaxAge, (double)storage.BackfillRate, storage.Synchronous));
    }

    [Fact]
    public void Serial_and_output_defaults_match_the_documented_ones()
    {
        string yaml = MinimalConfig.Text("outputs:", "  - name: horn", "    gpio_pin: 5", "    alarms: [lel.concentration]")
            .Replace("    type: tcp\n    host: 127.0.0.1\n    port: 5020\n", "    type: serial\n    device: /dev/ttyUSB0\n");

        var result = ConfigFiles.Parse(yaml);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));

        var bus = (SerialBusConfig)result.Config.Buses[0];
        Assert.Equal((ConfigDefaults.Baud, ConfigDefaults.DataBits), (bus.Line.Baud, bus.Line.DataBits));
        Assert.Equal(System.IO.Ports.Parity.None, bus.Line.Parity);
        Assert.Equal(System.IO.Ports.StopBits.One, bus.Line.StopBits);
        OutputConfig output = result.Config.Outputs[0];
        Assert.Equal(ConfigDefaults.ActiveLevel, output.ActiveLevel.ToString().ToLowerInvariant());
        Assert.Equal(ConfigVocabulary.OutputModes[ConfigDefaults.OutputMode], output.Mode);
        Assert.Equal(ConfigDefaults.Driver, output.Driver.ToString().ToLowerInvariant());
    }

    [Fact]
    public void A_tcp_bus_without_a_port_uses_502()
    {
        var result = ConfigFiles.Parse(MinimalConfig.Text().Replace("    port: 5020\n", string.Empty));
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));

        Assert.Equal(ConfigDefaults.TcpPort, ((TcpBusConfig)result.Config.Buses[0]).Port);
        Assert.Equal("tcp 127.0.0.1:502", result.Config.Buses[0].Describe());
    }
}
