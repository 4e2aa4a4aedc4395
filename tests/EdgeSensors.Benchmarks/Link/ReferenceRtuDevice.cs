using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Benchmarks.Link;

/// <summary>
/// A minimal RTU device on the portable framing: answers register reads (register i holds i) after a
/// spin-timed t3.5, so the device side costs no more than the wire and the master alone is measured.
/// </summary>
internal static class ReferenceRtuDevice
{
    public static async Task RunAsync(Stream line, int baud, CancellationToken ct)
    {
        var request = new ModbusRequest();
        var registers = new ushort[ModbusLimits.MaxReadRegisters];
        for (int i = 0; i < registers.Length; i++)
        {
            registers[i] = (ushort)i;
        }

        var inbound = new byte[ModbusLimits.MaxRtuAduLength];
        var outbound = new byte[ModbusLimits.MaxRtuAduLength];
        while (!ct.IsCancellationRequested)
        {
            int length = await RtuFrameReader.ReadAsync(line, inbound, RtuFraming.RequestLength, ct).ConfigureAwait(false);
            if (length < 0)
            {
                return;
            }

            if (RtuFraming.Open(inbound, length, inbound[0], out int pduLength) != ModbusStatus.Ok
                || ModbusPdu.ParseRequest(inbound, RtuFraming.PduOffset, pduLength, request) != ExceptionCode.None)
            {
                continue;
            }

            int responsePdu = ModbusPdu.WriteRegistersResponse(request.Function, registers, request.Quantity, outbound, RtuFraming.PduOffset);
            int aduLength = RtuFraming.Seal(outbound, inbound[0], responsePdu);
            SpinDelay.Micros(RtuFraming.InterFrameDelayMicros(baud));
            await line.WriteAsync(outbound.AsMemory(0, aduLength), ct).ConfigureAwait(false);
        }
    }
}
