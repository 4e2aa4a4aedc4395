using EdgeSensors.Gateway.Modbus.Transports;

namespace EdgeSensors.Interop.Tests.MasterAgainstPymodbus;

/// <summary>The pymodbus checks over Modbus RTU (RtuSerialTransport, CRC framing) on a socat pty pair at 9600 8N1.</summary>
public sealed class MasterReadsPymodbusOverRtuTests(PymodbusServerFixture server) : MasterReadsPymodbusTests(server)
{
    protected override string? MissingPeer => Server.MissingRtuPeer;

    protected override IModbusTransport CreateTransport() => new RtuSerialTransport(new SerialLineSettings { PortName = Server.RtuDevice, Baud = 9600 });
}
