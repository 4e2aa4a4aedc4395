using EdgeSensors.Interop.Tests.Peers;

namespace EdgeSensors.Interop.Tests.PeersAgainstSimulator;

/// <summary>The simulator's injected faults seen by mbpoll and libmodbus over RTU on a socat pty pair at 9600 8N1.</summary>
public sealed class PeersSeeSimulatorFaultsOverRtuTests(FaultySimulatorFixture simulator) : PeersSeeSimulatorFaultsTests(simulator)
{
    protected override string? MissingTransportPeer => Simulator.MissingPeer;

    protected override PeerEndpoint Endpoint => PeerEndpoint.Rtu(Simulator.RtuDevice);
}
