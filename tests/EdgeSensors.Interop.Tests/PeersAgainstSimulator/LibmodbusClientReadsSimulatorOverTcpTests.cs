using EdgeSensors.Interop.Tests.Peers;

namespace EdgeSensors.Interop.Tests.PeersAgainstSimulator;

/// <summary>The libmodbus client against the simulator's Modbus TCP server.</summary>
public sealed class LibmodbusClientReadsSimulatorOverTcpTests(SimulatorFixture simulator) : LibmodbusClientReadsSimulatorTests(simulator)
{
    protected override string? MissingTransportPeer => null;

    protected override PeerEndpoint Endpoint => PeerEndpoint.Tcp(Simulator.TcpPort);
}
