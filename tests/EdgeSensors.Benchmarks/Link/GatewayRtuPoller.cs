using EdgeSensors.Gateway.Modbus.Master;
using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Benchmarks.Link;

/// <summary>
/// Polls through the gateway's RTU master: ModbusBus over the RTU framing transport. RtuSerialTransport only opens
/// a named serial port, so the transport reaches the simulated line through <see cref="TcpLineBridge"/> with
/// RtuOverTcpTransport, which shares RtuStreamFramer (t3.5 silence, length-driven reads) with the serial transport;
/// the price is one loopback TCP hop each way.
/// </summary>
internal sealed class GatewayRtuPoller : IRtuPoller
{
    private readonly TcpLineBridge _bridge;
    private readonly ModbusBus _bus;
    private readonly ushort _registers;

    public GatewayRtuPoller(Stream line, int baud, ushort registers)
    {
        _registers = registers;
        _bridge = new TcpLineBridge(line);
        _bus = new ModbusBus(new RtuOverTcpTransport("127.0.0.1", _bridge.Port, baud));
    }

    public string Name => "gateway ModbusBus + RtuOverTcpTransport via loopback bridge";

    public async Task<bool> PollAsync(CancellationToken ct)
    {
        var result = await _bus.ReadAsync(1, RegisterTable.HoldingRegister, 0, _registers, ct);
        return result.IsOk && result.Registers[_registers - 1] == _registers - 1;
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _bridge.DisposeAsync();
    }
}
