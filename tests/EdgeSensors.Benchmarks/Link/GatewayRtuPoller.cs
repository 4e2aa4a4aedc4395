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
    private readonly ushort[] _values;

    public GatewayRtuPoller(Stream line, int baud, ushort registers)
    {
        _registers = registers;
        _values = new ushort[registers];
        _bridge = new TcpLineBridge(line);
        _bus = new ModbusBus(new RtuOverTcpTransport("127.0.0.1", _bridge.Port, baud));
    }

    public string Name => "gateway ModbusBus + RtuOverTcpTransport via loopback bridge";

    public async Task<bool> PollAsync(CancellationToken ct)
    {
        var outcome = await _bus.ReadRegistersAsync(1, RegisterTable.HoldingRegister, 0, _values, ct);
        return outcome.IsOk && _values[_registers - 1] == _registers - 1;
    }

    public async ValueTask DisposeAsync()
    {
        await _bus.DisposeAsync();
        await _bridge.DisposeAsync();
    }
}
