using EdgeSensors.Gateway.Modbus.Transports;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Gateway.Tests.Modbus;

/// <summary>
/// A transport with no wire: each register read goes through the real codec to a register image (register i holds
/// 1000 + i) and its answer back, synchronously, with buffers allocated once. It isolates the bus's own cost.
/// </summary>
internal sealed class CodecLoopbackTransport : IModbusTransport
{
    private readonly byte[] _requestPdu = new byte[ModbusLimits.MaxPduLength];
    private readonly byte[] _responsePdu = new byte[ModbusLimits.MaxPduLength];
    private readonly ModbusRequest _received = new();
    private readonly ushort[] _image = new ushort[65536];
    private readonly ushort[] _block = new ushort[ModbusLimits.MaxReadRegisters];

    public CodecLoopbackTransport()
    {
        for (int i = 0; i < _image.Length; i++)
        {
            _image[i] = (ushort)(1000 + i);
        }
    }

    public string Name => "loopback";

    public bool IsSerialLine => false;

    public int Exchanges { get; private set; }

    public static ushort ValueAt(int address) => (ushort)(1000 + address);

    public ValueTask<ModbusStatus> ExchangeAsync(ModbusRequest request, ModbusResponse response, TimeSpan timeout, CancellationToken ct)
    {
        Exchanges++;
        int requestLength = ModbusPdu.WriteRequest(request, _requestPdu, 0);
        if (ModbusPdu.ParseRequest(_requestPdu, 0, requestLength, _received) != ExceptionCode.None)
        {
            return new ValueTask<ModbusStatus>(ModbusStatus.InvalidRequest);
        }

        Array.Copy(_image, _received.Address, _block, 0, _received.Quantity);
        int responseLength = ModbusPdu.WriteRegistersResponse(_received.Function, _block, _received.Quantity, _responsePdu, 0);
        return new ValueTask<ModbusStatus>(ModbusPdu.ParseResponse(request, _responsePdu, 0, responseLength, response));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
