using EdgeSensors.Interop.Tests.Peers;

namespace EdgeSensors.Interop.Tests.PeersAgainstOurServer;

/// <summary>mbpoll against ModbusTcpServer.</summary>
public sealed class MbpollReadsOurTcpServerTests(OurServerFixture server) : MbpollReadsOurServerTests(server)
{
    protected override string? MissingTransportPeer => null;

    protected override PeerEndpoint Endpoint => PeerEndpoint.Tcp(Server.TcpPort);
}
