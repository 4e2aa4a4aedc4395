using EdgeSensors.Interop.Tests.Peers;

namespace EdgeSensors.Interop.Tests.PeersAgainstOurServer;

/// <summary>mbpoll against ModbusRtuServer on a socat pty pair at 9600 8N1.</summary>
public sealed class MbpollReadsOurRtuServerTests(OurServerFixture server) : MbpollReadsOurServerTests(server)
{
    protected override string? MissingTransportPeer => Server.MissingPeer;

    protected override PeerEndpoint Endpoint => PeerEndpoint.Rtu(Server.RtuDevice);
}
