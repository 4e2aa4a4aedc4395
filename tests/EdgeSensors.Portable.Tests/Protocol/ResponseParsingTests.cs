using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Portable.Tests.Support;

namespace EdgeSensors.Portable.Tests.Protocol;

/// <summary>Response PDUs from the examples in Modbus Application Protocol v1.1b3, and every way they go wrong.</summary>
public class ResponseParsingTests
{
    private readonly ModbusResponse _response = new();

    [Fact]
    public void ReadCoils_SpecExample_UnpacksLowBitFirst()
    {
        var request = new ModbusRequest().SetRead(1, FunctionCode.ReadCoils, 0x0013, 19);

        Assert.Equal(ModbusStatus.Ok, Parse(request, "01 03 CD 6B 05"));

        Assert.Equal(19, _response.Count);
        Assert.Equal(Bits("1011 0011 1101 0110 101"), _response.Bits.Take(19));
    }

    [Fact]
    public void ReadDiscreteInputs_SpecExample()
    {
        var request = new ModbusRequest().SetRead(1, FunctionCode.ReadDiscreteInputs, 0x00C4, 22);

        Assert.Equal(ModbusStatus.Ok, Parse(request, "02 03 AC DB 35"));

        Assert.Equal(22, _response.Count);
        Assert.Equal(Bits("0011 0101 1101 1011 1010 11"), _response.Bits.Take(22));
    }

    [Fact]
    public void ReadHoldingRegisters_SpecExample()
    {
        var request = new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0x006B, 3);

        Assert.Equal(ModbusStatus.Ok, Parse(request, "03 06 02 2B 00 00 00 64"));

        Assert.Equal(3, _response.Count);
        Assert.Equal(new ushort[] { 555, 0, 100 }, _response.Registers.Take(3));
        Assert.Equal(ExceptionCode.None, _response.ExceptionCode);
    }

    [Fact]
    public void ReadInputRegisters_SpecExample()
    {
        var request = new ModbusRequest().SetRead(1, FunctionCode.ReadInputRegisters, 0x0008, 1);

        Assert.Equal(ModbusStatus.Ok, Parse(request, "04 02 00 0A"));

        Assert.Equal(1, _response.Count);
        Assert.Equal(10, _response.Registers[0]);
    }

    [Fact]
    public void ReadHoldingRegisters_TheLargestResponse()
    {
        var request = new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0, 125);
        var pdu = new byte[252];
        pdu[0] = 3;
        pdu[1] = 250;
        for (int i = 0; i < 125; i++)
        {
            ModbusPdu.WriteUInt16(pdu, 2 + (2 * i), (ushort)(0xA000 + i));
        }

        Assert.Equal(ModbusStatus.Ok, ModbusPdu.ParseResponse(request, pdu, 0, pdu.Length, _response));
        Assert.Equal(125, _response.Count);
        Assert.Equal(0xA07C, _response.Registers[124]);
    }

    [Theory]
    [InlineData("05 00 AC FF 00")]
    public void WriteSingleCoil_EchoIsOk(string echo)
    {
        Assert.Equal(ModbusStatus.Ok, Parse(new ModbusRequest().SetWriteSingleCoil(1, 0x00AC, true), echo));
        Assert.Equal(0, _response.Count);
    }

    [Fact]
    public void WriteSingleRegister_EchoIsOk()
    {
        Assert.Equal(ModbusStatus.Ok, Parse(new ModbusRequest().SetWriteSingleRegister(1, 1, 3), "06 00 01 00 03"));
    }

    [Fact]
    public void WriteMultipleCoils_EchoIsOk()
    {
        Assert.Equal(ModbusStatus.Ok, Parse(new ModbusRequest().SetWriteMultipleCoils(1, 0x0013, new bool[10], 10), "0F 00 13 00 0A"));
    }

    [Fact]
    public void WriteMultipleRegisters_EchoIsOk()
    {
        Assert.Equal(ModbusStatus.Ok, Parse(new ModbusRequest().SetWriteMultipleRegisters(1, 1, [10, 258], 2), "10 00 01 00 02"));
    }

    [Theory]
    [InlineData("05 00 AD FF 00")] // address
    [InlineData("05 00 AC 00 00")] // value: the coil stayed off
    [InlineData("05 01 AC FF 00")]
    public void WriteSingleCoil_EchoMismatch(string echo)
    {
        Assert.Equal(ModbusStatus.EchoMismatch, Parse(new ModbusRequest().SetWriteSingleCoil(1, 0x00AC, true), echo));
    }

    [Theory]
    [InlineData("06 00 01 00 04")]
    [InlineData("06 00 02 00 03")]
    public void WriteSingleRegister_EchoMismatch(string echo)
    {
        Assert.Equal(ModbusStatus.EchoMismatch, Parse(new ModbusRequest().SetWriteSingleRegister(1, 1, 3), echo));
    }

    [Theory]
    [InlineData("10 00 01 00 01")] // the server says it wrote only one register
    [InlineData("10 00 00 00 02")]
    public void WriteMultipleRegisters_EchoMismatch(string echo)
    {
        Assert.Equal(ModbusStatus.EchoMismatch, Parse(new ModbusRequest().SetWriteMultipleRegisters(1, 1, [10, 258], 2), echo));
    }

    [Fact]
    public void WriteMultipleCoils_EchoMismatch()
    {
        Assert.Equal(ModbusStatus.EchoMismatch, Parse(new ModbusRequest().SetWriteMultipleCoils(1, 0x0013, new bool[10], 10), "0F 00 13 00 09"));
    }

    [Theory]
    [InlineData("04 06 02 2B 00 00 00 64")] // an input-register answer to a holding-register read
    [InlineData("10 06 02 2B 00 00 00 64")]
    [InlineData("00")]
    [InlineData("84 02")] // an exception for a different function
    public void WrongFunction(string pdu)
    {
        Assert.Equal(ModbusStatus.WrongFunction, Parse(new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0x6B, 3), pdu));
        Assert.Equal(0, _response.Count);
        Assert.Equal(ExceptionCode.None, _response.ExceptionCode);
    }

    [Theory]
    [InlineData("03 04 02 2B 00 00")] // byte count and length agree with each other, not with the request
    [InlineData("03 08 02 2B 00 00 00 64")]
    [InlineData("03 00")]
    public void Registers_ByteCountMismatch(string pdu)
    {
        Assert.Equal(ModbusStatus.ByteCountMismatch, Parse(new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0x6B, 3), pdu));
        Assert.Equal(0, _response.Count);
    }

    [Fact]
    public void Coils_ByteCountMismatch()
    {
        // 19 coils need 3 bytes; a server that rounds wrongly sends 2.
        Assert.Equal(ModbusStatus.ByteCountMismatch, Parse(new ModbusRequest().SetRead(1, FunctionCode.ReadCoils, 0x13, 19), "01 02 CD 6B"));
    }

    [Theory]
    [InlineData("03")]
    [InlineData("03 06 02 2B 00 00 00")]
    [InlineData("03 06")]
    public void Registers_Truncated(string pdu)
    {
        Assert.Equal(ModbusStatus.Truncated, Parse(new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0x6B, 3), pdu));
        Assert.Equal(0, _response.Count);
    }

    [Theory]
    [InlineData("06 00 01 00")]
    [InlineData("06")]
    public void Write_Truncated(string pdu)
    {
        Assert.Equal(ModbusStatus.Truncated, Parse(new ModbusRequest().SetWriteSingleRegister(1, 1, 3), pdu));
    }

    [Fact]
    public void EmptyPdu_IsTruncated()
    {
        Assert.Equal(ModbusStatus.Truncated, ModbusPdu.ParseResponse(new ModbusRequest().SetRead(1, FunctionCode.ReadCoils, 0, 1), new byte[4], 2, 0, _response));
    }

    [Theory]
    [InlineData("03 06 02 2B 00 00 00 64 00")]
    public void Registers_TrailingBytes(string pdu)
    {
        Assert.Equal(ModbusStatus.TrailingBytes, Parse(new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0x6B, 3), pdu));
        Assert.Equal(0, _response.Count);
    }

    [Fact]
    public void Write_TrailingBytes()
    {
        Assert.Equal(ModbusStatus.TrailingBytes, Parse(new ModbusRequest().SetWriteSingleRegister(1, 1, 3), "06 00 01 00 03 00"));
    }

    [Fact]
    public void ParseResponse_HonoursTheOffset()
    {
        byte[] adu = Hex.Bytes("11 03 06 02 2B 00 00 00 64 FF FF");

        Assert.Equal(ModbusStatus.Ok, ModbusPdu.ParseResponse(new ModbusRequest().SetRead(0x11, FunctionCode.ReadHoldingRegisters, 0x6B, 3), adu, 1, 8, _response));
        Assert.Equal(555, _response.Registers[0]);
    }

    [Fact]
    public void AFailedParse_AfterAGoodOne_LeavesNoStaleValuesBehind()
    {
        var request = new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0x6B, 3);
        Assert.Equal(ModbusStatus.Ok, Parse(request, "03 06 02 2B 00 00 00 64"));

        Assert.Equal(ModbusStatus.Truncated, Parse(request, "03 06 02 2B"));

        Assert.Equal(0, _response.Count);
        Assert.Equal(new ushort[3], _response.Registers.Take(3));
    }

    [Fact]
    public void AFailedBitParse_AfterAGoodOne_LeavesNoStaleBitsBehind()
    {
        var request = new ModbusRequest().SetRead(1, FunctionCode.ReadCoils, 0x13, 19);
        Assert.Equal(ModbusStatus.Ok, Parse(request, "01 03 CD 6B 05"));

        Assert.Equal(ModbusStatus.ExceptionResponse, Parse(request, "81 04"));

        Assert.Equal(0, _response.Count);
        Assert.Equal(new bool[19], _response.Bits.Take(19));
    }

    [Fact]
    public void Clear_ZeroesWhatThePreviousResponseReported()
    {
        var request = new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0x6B, 3);
        Assert.Equal(ModbusStatus.Ok, Parse(request, "03 06 02 2B 00 00 00 64"));

        _response.Clear();

        Assert.Equal(0, _response.Count);
        Assert.Equal(new ushort[3], _response.Registers.Take(3));
    }

    [Fact]
    public void AResponseTooLargeForASmallDevicesBuffer_IsRefusedNotOverrun()
    {
        var small = new ModbusResponse(2, 8);
        var request = new ModbusRequest().SetRead(1, FunctionCode.ReadHoldingRegisters, 0x6B, 3);
        byte[] pdu = Hex.Bytes("03 06 02 2B 00 00 00 64");

        Assert.Equal(ModbusStatus.InvalidRequest, ModbusPdu.ParseResponse(request, pdu, 0, pdu.Length, small));
        Assert.Equal(0, small.Count);
    }

    private static bool[] Bits(string ones)
    {
        return ones.Where(c => c != ' ').Select(c => c == '1').ToArray();
    }

    private ModbusStatus Parse(ModbusRequest request, string pdu)
    {
        byte[] bytes = Hex.Bytes(pdu);
        return ModbusPdu.ParseResponse(request, bytes, 0, bytes.Length, _response);
    }
}
