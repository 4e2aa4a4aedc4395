using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Portable.Tests.Support;

namespace EdgeSensors.Portable.Tests.Protocol;

/// <summary>Byte-exact request PDUs from the examples in Modbus Application Protocol v1.1b3, section 6.</summary>
public class RequestEncodingTests
{
    [Theory]
    [InlineData(FunctionCode.ReadCoils, 0x0013, 0x13, "01 00 13 00 13")] // 6.1: coils 20-38
    [InlineData(FunctionCode.ReadDiscreteInputs, 0x00C4, 0x16, "02 00 C4 00 16")] // 6.2: inputs 197-218
    [InlineData(FunctionCode.ReadHoldingRegisters, 0x006B, 3, "03 00 6B 00 03")] // 6.3: registers 108-110
    [InlineData(FunctionCode.ReadInputRegisters, 0x0008, 1, "04 00 08 00 01")] // 6.4: register 9
    public void Reads(FunctionCode function, ushort address, ushort quantity, string expected)
    {
        var request = new ModbusRequest().SetRead(17, function, address, quantity);

        AssertEncodes(request, expected);
    }

    [Fact]
    public void WriteSingleCoil_On_IsFF00()
    {
        AssertEncodes(new ModbusRequest().SetWriteSingleCoil(17, 0x00AC, true), "05 00 AC FF 00"); // 6.5: coil 173 ON
    }

    [Fact]
    public void WriteSingleCoil_Off_Is0000()
    {
        AssertEncodes(new ModbusRequest().SetWriteSingleCoil(17, 0x00AC, false), "05 00 AC 00 00");
    }

    [Fact]
    public void WriteSingleRegister()
    {
        AssertEncodes(new ModbusRequest().SetWriteSingleRegister(17, 0x0001, 0x0003), "06 00 01 00 03"); // 6.6
    }

    [Fact]
    public void WriteMultipleCoils_PacksTheFirstCoilIntoTheLowBit()
    {
        // 6.11: coils 20-29 = 1011 0011 / 10 (coil 20 first), sent as CD 01.
        bool[] coils = [true, false, true, true, false, false, true, true, true, false];

        AssertEncodes(new ModbusRequest().SetWriteMultipleCoils(17, 0x0013, coils, coils.Length), "0F 00 13 00 0A 02 CD 01");
    }

    [Fact]
    public void WriteMultipleCoils_ClearsStalePaddingFromEarlierBufferContents()
    {
        var buffer = Enumerable.Repeat((byte)0xFF, 16).ToArray();
        var request = new ModbusRequest().SetWriteMultipleCoils(1, 0, [true], 1);

        int length = ModbusPdu.WriteRequest(request, buffer, 0);

        Assert.Equal(Hex.Bytes("0F 00 00 00 01 01 01"), buffer.Take(length));
    }

    [Fact]
    public void WriteMultipleRegisters()
    {
        // 6.12: registers 2 and 3 <- 00 0A, 01 02.
        AssertEncodes(new ModbusRequest().SetWriteMultipleRegisters(17, 0x0001, [0x000A, 0x0102], 2), "10 00 01 00 02 04 00 0A 01 02");
    }

    [Fact]
    public void WriteRequest_HonoursTheOffset_SoFramingNeedsNoCopy()
    {
        var buffer = new byte[20];
        var request = new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0x006B, 3);

        int length = ModbusPdu.WriteRequest(request, buffer, 7);

        Assert.Equal(5, length);
        Assert.Equal(new byte[7], buffer.Take(7));
        Assert.Equal(Hex.Bytes("03 00 6B 00 03"), buffer.Skip(7).Take(5));
    }

    [Fact]
    public void TheLargestWrites_FitInOnePdu()
    {
        var buffer = new byte[ModbusLimits.MaxPduLength];
        var registers = new ModbusRequest().SetWriteMultipleRegisters(1, 0, new ushort[123], 123);
        var coils = new ModbusRequest().SetWriteMultipleCoils(1, 0, new bool[1968], 1968);

        Assert.Equal(252, ModbusPdu.WriteRequest(registers, buffer, 0));
        Assert.Equal(246, buffer[5]);
        Assert.Equal(252, ModbusPdu.WriteRequest(coils, buffer, 0));
        Assert.Equal(246, buffer[5]);
    }

    [Theory]
    [InlineData(FunctionCode.ReadCoils, 19, 5)] // 2 + ceil(19 / 8)
    [InlineData(FunctionCode.ReadCoils, 16, 4)]
    [InlineData(FunctionCode.ReadDiscreteInputs, 2000, 252)]
    [InlineData(FunctionCode.ReadHoldingRegisters, 3, 8)]
    [InlineData(FunctionCode.ReadInputRegisters, 125, 252)]
    [InlineData(FunctionCode.WriteSingleCoil, 1, 5)]
    [InlineData(FunctionCode.WriteSingleRegister, 1, 5)]
    [InlineData(FunctionCode.WriteMultipleCoils, 1968, 5)]
    [InlineData(FunctionCode.WriteMultipleRegisters, 123, 5)]
    public void ResponseLength_PerFunction(FunctionCode function, ushort quantity, int expected)
    {
        var request = new ModbusRequest { Function = function, Quantity = quantity };

        Assert.Equal(expected, ModbusPdu.ResponseLength(request));
    }

    private static void AssertEncodes(ModbusRequest request, string expected)
    {
        Assert.Null(RequestValidator.Validate(request, serialLine: true));
        var buffer = new byte[ModbusLimits.MaxPduLength];

        int length = ModbusPdu.WriteRequest(request, buffer, 0);

        Assert.Equal(expected, Hex.Text(buffer, 0, length));
    }
}
