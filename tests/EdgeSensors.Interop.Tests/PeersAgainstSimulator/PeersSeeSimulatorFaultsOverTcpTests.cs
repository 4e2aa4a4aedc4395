using EdgeSensors.Interop.Tests.Peers;

namespace EdgeSensors.Interop.Tests.PeersAgainstSimulator;

/// <summary>The simulator's injected faults seen by mbpoll and libmodbus over Modbus TCP.</summary>
public sealed class PeersSeeSimulatorFaultsOverTcpTests(FaultySimulatorFixture simulator) : PeersSeeSimulatorFaultsTests(simulator)
{
    protected override string? MissingTransportPeer => null;

    protected override PeerEndpoint Endpoint => PeerEndpoint.Tcp(Simulator.TcpPort);
}
