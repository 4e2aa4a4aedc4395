using System.Net;
using EdgeSensors.Gateway.Modbus.Server;
using EdgeSensors.Profiles.Loading;
using EdgeSensors.Profiles.Model;
using EdgeSensors.Simulator.Farm;
using EdgeSensors.Simulator.Serving;

namespace EdgeSensors.Simulator;

/// <summary>
/// A running simulator: the farm built from the profiles, served over Modbus TCP and optionally RTU. The CLI's
/// `simulate` starts one, prints <see cref="Endpoints"/> and waits; tests start one on port 0.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly ModbusTcpServer? _tcp;
    private readonly ModbusRtuServer? _rtu;

    private SimulatorHost(TankFarm farm, FarmRequestHandler handler, ModbusTcpServer? tcp, ModbusRtuServer? rtu, IReadOnlyList<string> endpoints)
    {
        Farm = farm;
        Handler = handler;
        _tcp = tcp;
        _rtu = rtu;
        Endpoints = endpoints;
    }

    public TankFarm Farm { get; }

    public FarmRequestHandler Handler { get; }

    /// <summary>The bound TCP endpoint (with the real port when 0 was asked for), or null.</summary>
    public IPEndPoint? TcpEndPoint => _tcp?.LocalEndPoint;

    /// <summary>Transport strings a master can use: "tcp://127.0.0.1:5020", "rtu:/dev/pts/3?baud=9600".</summary>
    public IReadOnlyList<string> Endpoints { get; }

    /// <summary>Loads the profiles, builds the farm and starts the servers.</summary>
    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.TcpEndpoint is null && options.RtuLine is null)
        {
            throw new ArgumentException("nothing to serve: give a TCP endpoint, an RTU serial line, or both", nameof(options));
        }

        string directory = options.ProfilesDirectory ?? ProfileLoader.FindProfilesDirectory()
            ?? throw new DirectoryNotFoundException($"hardware/profiles not found: set {ProfileLoader.DirectoryVariable} or pass the profiles directory");
        IReadOnlyList<DeviceProfile> profiles = ProfileLoader.LoadDirectory(directory);
        var farm = new TankFarm(profiles, options.Units, options.Seed, options.Clock, options.Episodes);
        var handler = new FarmRequestHandler(farm, options.Faults, options.Seed);
        var endpoints = new List<string>();
        ModbusTcpServer? tcp = null;
        ModbusRtuServer? rtu = null;
        try
        {
            if (options.TcpEndpoint is not null)
            {
                tcp = new ModbusTcpServer(options.TcpEndpoint, handler);
                await tcp.StartAsync(ct).ConfigureAwait(false);
                endpoints.Add($"tcp://{tcp.LocalEndPoint}");
            }

            if (options.RtuLine is not null)
            {
                rtu = ModbusRtuServer.OpenSerial(options.RtuLine, handler);
                await rtu.StartAsync(ct).ConfigureAwait(false);
                endpoints.Add($"rtu:{options.RtuLine.PortName}?baud={options.RtuLine.Baud}");
            }
        }
        catch
        {
            if (tcp is not null)
            {
                await tcp.DisposeAsync().ConfigureAwait(false);
            }

            if (rtu is not null)
            {
                await rtu.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        return new SimulatorHost(farm, handler, tcp, rtu, endpoints);
    }

    public async ValueTask DisposeAsync()
    {
        if (_tcp is not null)
        {
            await _tcp.DisposeAsync().ConfigureAwait(false);
        }

        if (_rtu is not null)
        {
            await _rtu.DisposeAsync().ConfigureAwait(false);
        }
    }
}
