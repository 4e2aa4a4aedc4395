using System.Net;
using EdgeSensors.Gateway.Configuration.Loading;
using EdgeSensors.Gateway.Configuration.Model;
using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Profiles.Decoding;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Profiles.Planning;
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
    public async Task Tank_farm_example_reads_every_configured_tag_from_a_running_simulator()
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
        int decoded = 0;
        foreach (DeviceConfig device in config.Devices)
        {
            var snapshot = new RegisterSnapshot();
            IReadOnlyList<TagDefinition> needed = RegisterBlockPlanner.WithDependencies(device.Profile, device.Tags.Select(t => t.Definition));
            foreach (RegisterBlock block in RegisterBlockPlanner.Plan(needed, device.PlanOptions))
            {
                ModbusResult result = await master.ReadAsync(device.UnitId, block.Table, block.Address, block.Count);
                Assert.True(result.IsOk, $"{device.Name} unit {device.UnitId}: {block} failed: {result.Describe()}");
                snapshot.AddRegisters(block.Table, block.Address, result.Registers);
            }

            var decoder = new ProfileDecoder(device.Profile);
            foreach (TagConfig tag in device.Tags)
            {
                TagReading reading = decoder.Decode(tag.Definition, snapshot);
                Assert.True(reading.Quality is not (ReadingQuality.Missing or ReadingQuality.Invalid), $"{device.Name}.{tag.Name}: {reading}");
                if (tag.Gas == GasKind.Combustible)
                {
                    Assert.Equal("%LEL", reading.Unit);
                }

                decoded++;
            }
        }

        Assert.Equal(config.TagCount, decoded);
    }

    [Fact]
    public void Tank_farm_gas_detectors_use_the_standard_limits_where_they_leave_them_out()
    {
        SiteConfig config = LoadTankFarm();

        AlarmConfig lel = config.FindDevice("t101-lel")!.FindTag("concentration")!.Alarms!;
        Assert.Equal(25, lel.High);
        Assert.Equal(50, lel.HighHigh);
        Assert.Equal([AlarmLevel.HighHigh, AlarmLevel.High], lel.FromStandard.ToArray());
        AlarmConfig h2s = config.FindDevice("t101-h2s")!.FindTag("concentration")!.Alarms!;
        Assert.Empty(h2s.FromStandard);
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
        Assert.Equal(MqttProtocol.V311, result.Config.Mqtt!.Protocol);
        Assert.True(result.Config.Mqtt.UseTls);
    }

    private static SiteConfig LoadTankFarm()
    {
        ConfigResult result = SiteConfigLoader.Load(ConfigFiles.TankFarm, ConfigFiles.Profiles);
        Assert.True(result.IsValid, string.Join(Environment.NewLine, result.Errors));
        return result.Config;
    }
}
