using System.Net;
using EdgeSensors.Alarms;
using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Polling;
using EdgeSensors.Simulator;
using EdgeSensors.Simulator.Farm;

namespace EdgeSensors.Gateway.Tests.Configuration;

public class ExampleConfigTests
{
    public static TheoryData<string> ExampleNames()
    {
        var data = new TheoryData<string>();
        foreach (string path in ConfigFiles.Examples)
        {
            data.Add(Path.GetFileName(path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ExampleNames))]
    public void Every_example_loads_without_errors(string name)
    {
        ConfigResult result = SiteConfigLoader.Load(ConfigFiles.Example(name), ConfigFiles.Profiles);

        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        Assert.NotEmpty(result.Config.Devices);
    }

    [Fact]
    public void Tank_farm_example_polls_the_default_simulator_endpoint()
    {
        SiteConfig config = LoadTankFarm();

        var bus = Assert.IsType<TcpBusConfig>(Assert.Single(config.Buses));
        Assert.Equal("127.0.0.1", bus.Host);
        Assert.Equal(DefaultFarm.TcpPort, bus.Port);
        Assert.Equal(5020, new SimulatorOptions().TcpEndpoint!.Port);
        Assert.Equal(IPAddress.Loopback, new SimulatorOptions().TcpEndpoint!.Address);
    }

    [Fact]
    public void Tank_farm_example_has_exactly_the_default_farms_units_and_profiles()
    {
        SiteConfig config = LoadTankFarm();

        var configured = config.Devices.Select(d => (d.UnitId, d.Profile.Id)).Order().ToArray();
        var served = DefaultFarm.Units.Select(u => (u.Unit, u.ProfileId)).Order().ToArray();
        Assert.Equal(served, configured);
    }

    [Fact]
    public void Tank_farm_example_publishes_each_simulated_instruments_primary_value()
    {
        SiteConfig config = LoadTankFarm();

        foreach (FarmUnit unit in DefaultFarm.Units)
        {
            DeviceConfig device = config.Devices.Single(d => d.UnitId == unit.Unit);
            Assert.True(device.FindTag(unit.PrimaryTag) is not null, $"unit {unit.Unit} ({unit.Role}) does not publish its primary tag '{unit.PrimaryTag}'");
        }
    }

    [Fact]
    public async Task Tank_farm_example_polls_every_configured_tag_from_a_running_simulator_through_the_gateway_poller()
    {
        SiteConfig config = LoadTankFarm();
        await using SimulatorHost host = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            TcpEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            ProfilesDirectory = EdgeSensors.Profiles.Loading.ProfileLoader.FindProfilesDirectoryFrom(AppContext.BaseDirectory),
        });

        // The example's own bus settings, on the port this test's simulator got.
        var bus = (TcpBusConfig)config.Buses[0] with { Port = host.TcpEndPoint!.Port };
        await using var master = new ModbusBus(bus.CreateTransport(), bus.ToBusOptions() with { Timeout = TimeSpan.FromSeconds(5) });
        AlarmPanel panel = config.CreateAlarmPanel(_ => new RecordingPin());
        var samples = new List<TagSample>();
        foreach (DeviceConfig device in config.Devices)
        {
            DevicePollResult result = await new DevicePoller(device.ToPollSettings()).PollAsync(master, 0, CancellationToken.None);
            Assert.True(result.Failures.Count == 0, $"{device.Name}: {string.Join("; ", result.Failures)}");
            samples.AddRange(result.Samples);
        }

        Assert.Equal(config.TagCount, samples.Count);
        foreach (TagSample sample in samples)
        {
            TagConfig tag = config.FindDevice(sample.Device)!.FindTag(sample.Tag)!;
            Assert.True(sample.Quality != TagQuality.CommFailure, $"{sample.Path}: {sample.Detail}");
            if (tag.Alarms?.Preset == GasPreset.CombustibleGas)
            {
                Assert.Equal("%LEL", sample.Unit);
            }

            // The poller's name for the tag is the alarm panel's.
            Assert.Equal(tag.Alarms is not null, panel.IndexOf(sample.Path) >= 0);
        }
    }

    [Fact]
    public void Tank_farm_alarms_switch_the_configured_outputs_in_the_alarm_core()
    {
        SiteConfig config = LoadTankFarm();
        var pins = new Dictionary<string, RecordingPin>();
        AlarmPanel panel = config.CreateAlarmPanel(o => pins[o.Name] = new RecordingPin());
        int lel = panel.IndexOf("t101-lel/concentration");

        panel.Evaluate(lel, 30, SignalQuality.Good, 1_000);
        panel.RefreshOutputs();
        bool beaconAtH = pins["gas-beacon"].Level;
        bool hornAtH = !pins["emergency-horn"].Level;
        panel.Evaluate(lel, 55, SignalQuality.Good, 2_000);
        panel.RefreshOutputs();

        Assert.True(beaconAtH, "h (25 %LEL) drives the beacon");
        Assert.False(hornAtH, "h alone does not sound the horn");
        Assert.False(pins["emergency-horn"].Level, "hh (50 %LEL) sounds the horn, which is active low: driven low when on");
    }

    [Fact]
    public void Every_example_is_accepted_by_the_alarm_core_the_poller_and_the_store()
    {
        foreach (string path in ConfigFiles.Examples)
        {
            ConfigResult result = SiteConfigLoader.Load(path, ConfigFiles.Profiles);
            Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
            foreach (TagAlarmConfig tag in result.Config.Devices.SelectMany(d => d.ToTagAlarmConfigs()))
            {
                Assert.Null(tag.Validate());
            }

            foreach (DeviceConfig device in result.Config.Devices)
            {
                Assert.Equal(device.Tags.Length, new DevicePoller(device.ToPollSettings()).Settings.Tags.Count);
            }

            result.Config.Storage.ToStoreOptions().Validate();
        }
    }

    [Fact]
    public void Tank_farm_gas_detectors_use_the_preset_limits()
    {
        SiteConfig config = LoadTankFarm();

        AlarmConfig lel = config.FindDevice("t101-lel")!.FindTag("concentration")!.Alarms!;
        Assert.Equal((25.0, 50.0), (lel.High!.Value, lel.HighHigh!.Value));
        Assert.Equal([AlarmKind.HighHigh, AlarmKind.High], lel.FromStandard.ToArray());
        AlarmConfig h2s = config.FindDevice("t101-h2s")!.FindTag("concentration")!.Alarms!;
        Assert.Equal((10.0, 20.0), (h2s.High!.Value, h2s.HighHigh!.Value));
    }

    [Fact]
    public void Rtu_site_example_uses_a_serial_bus_and_a_converter()
    {
        ConfigResult result = SiteConfigLoader.Load(ConfigFiles.RtuSite, ConfigFiles.Profiles);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));

        var serial = Assert.IsType<SerialBusConfig>(result.Config.FindBus("field-485"));
        Assert.Equal("/dev/ttyUSB0", serial.Line.PortName);
        Assert.Equal("9600-8N1", serial.Line.Describe());
        Assert.IsType<RtuOverTcpBusConfig>(result.Config.FindBus("pier-converter"));
        AlarmConfig oxygen = result.Config.FindDevice("pump-room-o2")!.FindTag("concentration")!.Alarms!;
        Assert.Equal((23.5, 19.5), (oxygen.High!.Value, oxygen.Low!.Value));
        Assert.Equal("3.1.1", result.Config.Upstream!.ProtocolVersion);
        Assert.True(result.Config.Upstream.UseTls);
    }

    private static SiteConfig LoadTankFarm()
    {
        ConfigResult result = SiteConfigLoader.Load(ConfigFiles.TankFarm, ConfigFiles.Profiles);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Config;
    }
}

/// <summary>An output pin that remembers the level it was last driven to.</summary>
internal sealed class RecordingPin : IOutputPin
{
    public bool Level { get; private set; }

    public void Write(bool high) => Level = high;
}
