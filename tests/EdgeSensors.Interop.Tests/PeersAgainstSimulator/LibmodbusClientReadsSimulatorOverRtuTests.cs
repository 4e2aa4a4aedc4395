using EdgeSensors.Interop.Tests.Peers;

namespace EdgeSensors.Interop.Tests.PeersAgainstSimulator;

/// <summary>The libmodbus client against the simulator's Modbus RTU server on a socat pty pair at 9600 8N1.</summary>
public sealed class LibmodbusClientReadsSimulatorOverRtuTests(SimulatorFixture simulator) : LibmodbusClientReadsSimulatorTests(simulator)
{
    protected override string? MissingTransportPeer => Simulator.MissingPeer;

    protected override PeerEndpoint Endpoint => PeerEndpoint.Rtu(Simulator.RtuDevice);
}
