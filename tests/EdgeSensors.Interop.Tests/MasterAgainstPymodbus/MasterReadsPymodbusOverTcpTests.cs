using EdgeSensors.Gateway.Modbus.Transports;

namespace EdgeSensors.Interop.Tests.MasterAgainstPymodbus;

/// <summary>The pymodbus checks over Modbus TCP (TcpTransport, MBAP framing).</summary>
public sealed class MasterReadsPymodbusOverTcpTests(PymodbusServerFixture server) : MasterReadsPymodbusTests(server)
{
    protected override string? MissingPeer => Server.MissingPeer;

    protected override IModbusTransport CreateTransport() => new TcpTransport("127.0.0.1", Server.TcpPort);
}
