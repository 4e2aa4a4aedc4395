using EdgeSensors.Modbus.Decoding;
using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;

namespace EdgeSensors.Portable.Tests.Protocol;

/// <summary>
/// A poll cycle (encode, seal, open, parse, decode) must not allocate: on an ESP32 with about 100 KB of heap,
/// per-reading garbage means GC pauses in the middle of RS-485 timing. Counted in bytes, not timed.
/// </summary>
public class HotPathAllocationTests
{
    private static readonly DataType[] DataTypeValues = Enum.GetValues<DataType>();

    [Fact]
    public void ARtuPollCycle_AllocatesNothing()
    {
        var request = new ModbusRequest();
        var response = new ModbusResponse();
        var adu = new byte[ModbusLimits.MaxRtuAduLength];
        var served = new ushort[8];
        RegisterEncoder.Encode(3.5, DataType.Float32, WordOrder.CDAB, served, 0);
        RegisterEncoder.Encode(-7, DataType.Int64, WordOrder.ABCD, served, 2);
        double sink = 0;

        void PollOnce()
        {
            request.SetRead(1, FunctionCode.ReadHoldingRegisters, 106, 8);
            int length = RtuFraming.Seal(adu, 1, ModbusPdu.WriteRequest(request, adu, RtuFraming.PduOffset));
            Assert.Null(RequestValidator.Validate(request, serialLine: true));
            _ = RtuFraming.Open(adu, length, 1, out _);

            length = RtuFraming.Seal(adu, 1, ModbusPdu.WriteRegistersResponse(FunctionCode.ReadHoldingRegisters, served, 8, adu, RtuFraming.PduOffset));
            _ = RtuFraming.ResponseLength(adu, length);
            _ = RtuFraming.Open(adu, length, 1, out int pduLength);
            _ = ModbusPdu.ParseResponse(request, adu, RtuFraming.PduOffset, pduLength, response);
            foreach (DataType type in DataTypeValues)
            {
                sink += RegisterDecoder.Decode(response.Registers, 0, type, WordOrder.CDAB);
            }

            sink += Scaling.Linear(response.Registers[0], 0.1, 0) + StatusBits.Field(response.Registers[1], 8, 8);
        }

        PollOnce(); // first use initialises static tables
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            PollOnce();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        GC.KeepAlive(sink);
    }
}
