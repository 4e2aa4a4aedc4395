using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Benchmarks.Link;

/// <summary>
/// A minimal RTU master on the portable framing with spin-timed t3.5: the ceiling the simulated line allows,
/// so a shortfall of the real master is not blamed on the simulator.
/// </summary>
internal sealed class ReferenceRtuPoller(Stream line, int baud, ushort registers) : IRtuPoller
{
    private readonly ModbusRequest _request = new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0, registers);
    private readonly ModbusResponse _response = new();
    private readonly byte[] _outbound = new byte[ModbusLimits.MaxRtuAduLength];
    private readonly byte[] _inbound = new byte[ModbusLimits.MaxRtuAduLength];

    public string Name => "reference (portable framing, spin-timed t3.5)";

    public async Task<bool> PollAsync(CancellationToken ct)
    {
        int pduLength = ModbusPdu.WriteRequest(_request, _outbound, RtuFraming.PduOffset);
        int aduLength = RtuFraming.Seal(_outbound, _request.Unit, pduLength);
        await line.WriteAsync(_outbound.AsMemory(0, aduLength), ct).ConfigureAwait(false);
        int length = await RtuFrameReader.ReadAsync(line, _inbound, RtuFraming.ResponseLength, ct).ConfigureAwait(false);
        bool ok = RtuFraming.Open(_inbound, length, _request.Unit, out int responsePdu) == ModbusStatus.Ok
            && ModbusPdu.ParseResponse(_request, _inbound, RtuFraming.PduOffset, responsePdu, _response) == ModbusStatus.Ok
            && _response.Registers[registers - 1] == registers - 1;
        SpinDelay.Micros(RtuFraming.InterFrameDelayMicros(baud));
        return ok;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
