using System.Net;
using EdgeSensors.Gateway.Tests.Configuration;
using EdgeSensors.Simulator;
using EdgeSensors.Simulator.Signals;

namespace EdgeSensors.Gateway.Tests.Support;

/// <summary>The default tank farm on a free loopback port, and the example site config pointed at it.</summary>
internal static class TestSimulator
{
    public static Task<SimulatorHost> StartAsync(TimeProvider? clock = null, EpisodeSettings? episodes = null) =>
        SimulatorHost.StartAsync(new SimulatorOptions
        {
            TcpEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            ProfilesDirectory = EdgeSensors.Profiles.Loading.ProfileLoader.FindProfilesDirectoryFrom(AppContext.BaseDirectory),
            Clock = clock ?? TimeProvider.System,
            Episodes = episodes ?? new EpisodeSettings(),
        });

    /// <summary>The loaded example site config (gateway/examples/tank-farm.yaml) with its Modbus TCP buses pointed at <paramref name="simulator"/>.</summary>
    public static EdgeSensors.Gateway.Configuration.Model.SiteConfig ExampleConfig(SimulatorHost simulator)
    {
        var example = EdgeSensors.Gateway.Configuration.Loading.SiteConfigLoader.Load(ConfigFiles.TankFarm, ConfigFiles.Profiles).Config
            ?? throw new InvalidOperationException(ConfigFiles.TankFarm + " does not load");
        int port = simulator.TcpEndPoint!.Port;
        return example with { Buses = [.. example.Buses.Select(b => b is EdgeSensors.Gateway.Configuration.Model.TcpBusConfig tcp ? tcp with { Port = port } : b)] };
    }

    /// <summary>gateway/examples/tank-farm.yaml with its Modbus TCP port replaced by <paramref name="simulator"/>'s.</summary>
    public static string ExampleConfigText(SimulatorHost simulator) =>
        File.ReadAllText(ConfigFiles.TankFarm).Replace("port: 5020", $"port: {simulator.TcpEndPoint!.Port}", StringComparison.Ordinal);
}
