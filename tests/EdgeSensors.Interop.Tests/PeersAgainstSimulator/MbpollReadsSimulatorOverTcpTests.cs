using EdgeSensors.Interop.Tests.Peers;

namespace EdgeSensors.Interop.Tests.PeersAgainstSimulator;

/// <summary>mbpoll against the simulator's Modbus TCP server.</summary>
public sealed class MbpollReadsSimulatorOverTcpTests(SimulatorFixture simulator) : MbpollReadsSimulatorTests(simulator)
{
    protected override string? MissingTransportPeer => null;

    protected override PeerEndpoint Endpoint => PeerEndpoint.Tcp(Simulator.TcpPort);
}
