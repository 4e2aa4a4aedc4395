using EdgeSensors.Interop.Tests.Peers;

namespace EdgeSensors.Interop.Tests.PeersAgainstOurServer;

/// <summary>The libmodbus client against ModbusRtuServer on a socat pty pair at 9600 8N1.</summary>
public sealed class LibmodbusClientReadsOurRtuServerTests(OurServerFixture server) : LibmodbusClientReadsOurServerTests(server)
{
    protected override string? MissingTransportPeer => Server.MissingPeer;

    protected override PeerEndpoint Endpoint => PeerEndpoint.Rtu(Server.RtuDevice);
}
