using EdgeSensors.Interop.Tests.Peers;

namespace EdgeSensors.Interop.Tests.PeersAgainstOurServer;

/// <summary>The libmodbus client against ModbusTcpServer.</summary>
public sealed class LibmodbusClientReadsOurTcpServerTests(OurServerFixture server) : LibmodbusClientReadsOurServerTests(server)
{
    protected override string? MissingTransportPeer => null;

    protected override PeerEndpoint Endpoint => PeerEndpoint.Tcp(Server.TcpPort);
}
