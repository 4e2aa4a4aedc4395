using System.Net;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Interop.Tests.Support;
using EdgeSensors.Profiles.Loading;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Simulator;
using EdgeSensors.Simulator.Farm;
using EdgeSensors.Simulator.Faults;
using EdgeSensors.Simulator.Signals;

namespace EdgeSensors.Interop.Tests.PeersAgainstSimulator;

/// <summary>
/// The tank-farm simulator as `edgesensors simulate` runs it (the default farm of six real instrument profiles),
/// served over Modbus TCP on a free port and over RTU on the server end of a socat pty pair at 9600 8N1.
/// Its clock is manual and random leak and sensor-fault episodes are off, so every read sees clean air and healthy
/// instruments, and the registers stay put until a test advances the clock.
/// </summary>
public class SimulatorFixture : IAsyncLifetime
{
    /// <summary>No random episode starts within a test run.</summary>
    private static readonly EpisodeSettings NoEpisodes = new()
    {
        LeakIntervalMin = TimeSpan.FromDays(1000),
        LeakIntervalMax = TimeSpan.FromDays(1000),
        FaultIntervalMin = TimeSpan.FromDays(1000),
        FaultIntervalMax = TimeSpan.FromDays(1000),
    };

    private SocatPtyPair? _ptys;
    private SimulatorHost? _host;

    public static string ProfilesDirectory => Path.Combine(RepoPaths.Root, "hardware", "profiles");

    /// <summary>The profiles as a master would load them, independently of the simulator's own copies.</summary>
    public static IReadOnlyList<DeviceProfile> Profiles { get; } = ProfileLoader.LoadDirectory(ProfilesDirectory);

    public SimulatorHost Host => _host ?? throw new InvalidOperationException("not started");

    /// <summary>Null when socat is installed, else why the RTU side cannot run here.</summary>
    public string? MissingPeer { get; private set; }

    public int TcpPort => Host.TcpEndPoint?.Port ?? throw new InvalidOperationException("no TCP endpoint");

    /// <summary>The pty end a third-party RTU master opens.</summary>
    public string RtuDevice => _ptys?.ClientEnd ?? throw new InvalidOperationException("not started: " + MissingPeer);

    /// <summary>The faults injected, as `simulate --dead/--exception/...` would set them.</summary>
    public virtual FaultOptions Faults { get; } = new();

    internal ManualClock Clock { get; } = new();

    public static FarmUnit FarmUnit(byte unit) => DefaultFarm.Units.Single(u => u.Unit == unit);

    public static DeviceProfile ProfileOf(byte unit) => Profiles.Single(p => p.Id == FarmUnit(unit).ProfileId);

    /// <summary>Moves simulated time on; the farm steps once per simulated second on its next request.</summary>
    public void Advance(TimeSpan by) => Clock.Advance(by);

    public async Task InitializeAsync()
    {
        MissingPeer = SocatPtyPair.MissingReason;
        if (MissingPeer is null)
        {
            _ptys = await SocatPtyPair.StartAsync();
        }

        _host = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            TcpEndpoint = new IPEndPoint(IPAddress.Loopback, 0),
            RtuLine = _ptys is null ? null : new SerialLineSettings { PortName = _ptys.ServerEnd, Baud = 9600 },
            ProfilesDirectory = ProfilesDirectory,
            Seed = 11,
            Clock = Clock,
            Episodes = NoEpisodes,
            Faults = Faults,
        });
        Prepare(_host.Farm);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_ptys is not null)
        {
            await _ptys.DisposeAsync();
        }
    }

    /// <summary>Puts the started farm into the state the tests need.</summary>
    protected virtual void Prepare(TankFarm farm)
    {
    }
}
