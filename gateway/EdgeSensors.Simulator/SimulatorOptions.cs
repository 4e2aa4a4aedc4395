using System.Net;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Simulator.Farm;
using EdgeSensors.Simulator.Faults;
using EdgeSensors.Simulator.Signals;

namespace EdgeSensors.Simulator;

/// <summary>Everything `edgesensors simulate` can set. The defaults serve <see cref="DefaultFarm"/> on 127.0.0.1:5020.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Where to serve Modbus TCP (port 0 picks a free port); null serves no TCP.</summary>
    public IPEndPoint? TcpEndpoint { get; set; } = new(IPAddress.Loopback, DefaultFarm.TcpPort);

    /// <summary>A serial device (e.g. one end of a socat pty pair) to serve the same units over RTU; null serves none.</summary>
    public SerialLineSettings? RtuLine { get; set; }

    /// <summary>Seeds the signals and the fault dice: the same seed gives the same registers at the same simulated time.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>hardware/profiles; null finds it (EDGESENSORS_PROFILES, then walking up from the executable).</summary>
    public string? ProfilesDirectory { get; set; }

    public IReadOnlyList<FarmUnit> Units { get; set; } = DefaultFarm.Units;

    public EpisodeSettings Episodes { get; set; } = new();

    public FaultOptions Faults { get; set; } = new();

    /// <summary>The simulated process's clock; tests pass a manual one and step it.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;
}
