using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Portable.Tests.Support;

namespace EdgeSensors.Portable.Tests.Protocol;

/// <summary>The server side: request PDUs in, the exception code a server must answer out.</summary>
public class ServerRequestParsingTests
{
    private readonly ModbusRequest _request = new();

    [Theory]
    [InlineData("01 00 13 00 13", FunctionCode.ReadCoils, 0x0013, 19)]
    [InlineData("02 00 C4 00 16", FunctionCode.ReadDiscreteInputs, 0x00C4, 22)]
    [InlineData("03 00 6B 00 03", FunctionCode.ReadHoldingRegisters, 0x006B, 3)]
    [InlineData("04 00 08 00 01", FunctionCode.ReadInputRegisters, 0x0008, 1)]
    [InlineData("01 F8 30 07 D0", FunctionCode.ReadCoils, 63536, 2000)] // ends exactly at 65535
    [InlineData("03 FF 83 00 7D", FunctionCode.ReadHoldingRegisters, 65411, 125)]
    public void Reads(string pdu, FunctionCode function, ushort address, ushort quantity)
    {
        Assert.Equal(ExceptionCode.None, Parse(pdu));
        Assert.Equal(function, _request.Function);
        Assert.Equal(address, _request.Address);
        Assert.Equal(quantity, _request.Quantity);
        Assert.True(_request.IsRead);
    }

    [Theory]
    [InlineData("05 00 AC FF 00", true)]
    [InlineData("05 00 AC 00 00", false)]
    public void WriteSingleCoil(string pdu, bool on)
    {
        Assert.Equal(ExceptionCode.None, Parse(pdu));
        Assert.Equal(FunctionCode.WriteSingleCoil, _request.Function);
        Assert.Equal(0x00AC, _request.Address);
        Assert.Equal(1, _request.Quantity);
        Assert.Equal(on, _request.CoilValues[0]);
    }

    [Fact]
    public void WriteSingleRegister()
    {
        Assert.Equal(ExceptionCode.None, Parse("06 00 01 00 03"));
        Assert.Equal(FunctionCode.WriteSingleRegister, _request.Function);
        Assert.Equal(1, _request.Address);
        Assert.Equal(3, _request.RegisterValues[0]);
    }

    [Fact]
    public void WriteMultipleCoils()
    {
        Assert.Equal(ExceptionCode.None, Parse("0F 00 13 00 0A 02 CD 01"));
        Assert.Equal(0x13, _request.Address);
        Assert.Equal(10, _request.Quantity);
        Assert.Equal(new[] { true, false, true, true, false, false, true, true, true, false }, _request.CoilValues.Take(10));
    }

    [Fact]
    public void WriteMultipleRegisters()
    {
        Assert.Equal(ExceptionCode.None, Parse("10 00 01 00 02 04 00 0A 01 02"));
        Assert.Equal(1, _request.Address);
        Assert.Equal(2, _request.Quantity);
        Assert.Equal(new ushort[] { 0x000A, 0x0102 }, _request.RegisterValues.Take(2));
    }

    [Theory]
    [InlineData("07")] // read exception status: serial-line only, not supported
    [InlineData("07 00 00 00 01")]
    [InlineData("08 00 00 A5 37")] // diagnostics
    [InlineData("11")]
    [InlineData("17 00 00 00 01 00 00 00 01 02 00 00")]
    [InlineData("2B 0E 01 00")]
    [InlineData("00 00 00 00 01")]
    [InlineData("83 00 00 00 01")]
    [InlineData("")]
    public void UnsupportedFunctions_AreIllegalFunction(string pdu)
    {
        Assert.Equal(ExceptionCode.IllegalFunction, Parse(pdu));
    }

    [Fact]
    public void AnUnsupportedFunction_IsKept_SoTheServerCanEchoItInTheException()
    {
        Assert.Equal(ExceptionCode.IllegalFunction, Parse("2B 0E 01 00 00"));

        Assert.Equal(0x2B, (byte)_request.Function);
    }

    [Theory]
    [InlineData("01 00 00 00 00")] // quantity 0
    [InlineData("01 00 00 07 D1")] // 2001 coils
    [InlineData("02 00 00 07 D1")]
    [InlineData("03 00 00 00 00")]
    [InlineData("03 00 00 00 7E")] // 126 registers
    [InlineData("04 00 00 00 7E")]
    [InlineData("03 00 00 00")] // truncated
    [InlineData("03")]
    [InlineData("03 00 00 00 01 00")] // trailing byte
    [InlineData("05 00 00 00 01")] // a coil value other than FF00 / 0000
    [InlineData("05 00 00 FF 01")]
    [InlineData("05 00 00 FF 00 00")]
    [InlineData("06 00 00 00 01 00")]
    [InlineData("06 00 00")]
    [InlineData("0F 00 00 00 00 00")] // zero coils
    [InlineData("0F 00 00 07 B1 F7")] // 1969 coils
    [InlineData("0F 00 00 00 0A 01 CD")] // byte count says 1, 10 coils need 2
    [InlineData("0F 00 00 00 0A 02 CD")] // byte count says 2, only 1 follows
    [InlineData("0F 00 00 00 0A 02 CD 01 00")] // one byte too many
    [InlineData("0F 00 00 00 0A")] // no byte count
    [InlineData("10 00 00 00 00 00")]
    [InlineData("10 00 00 00 7C F8")] // 124 registers
    [InlineData("10 00 00 00 02 03 00 0A 01")]
    [InlineData("10 00 00 00 02 04 00 0A 01")]
    [InlineData("10 00 00 00 02 04 00 0A 01 02 03")]
    [InlineData("10 00 00 00 01")]
    public void MalformedOrOutOfLimitRequests_AreIllegalDataValue(string pdu)
    {
        Assert.Equal(ExceptionCode.IllegalDataValue, Parse(pdu));
    }

    [Theory]
    [InlineData("01 FF FF 00 02")]
    [InlineData("02 F8 31 07 D0")] // 63537 + 2000 coils
    [InlineData("03 FF FF 00 02")]
    [InlineData("04 FF 84 00 7D")] // 65412 + 125
    [InlineData("0F FF FF 00 02 01 03")]
    [InlineData("10 FF FF 00 02 04 00 01 00 02")]
    public void RangesPast65535_AreIllegalDataAddress(string pdu)
    {
        Assert.Equal(ExceptionCode.IllegalDataAddress, Parse(pdu));
    }

    [Theory]
    [InlineData("05 FF FF FF 00")]
    [InlineData("06 FF FF 12 34")]
    public void SingleWritesAtTheLastAddress_AreValid(string pdu)
    {
        Assert.Equal(ExceptionCode.None, Parse(pdu));
    }

    [Fact]
    public void AWriteLargerThanTheRequestsBuffer_IsIllegalDataValue_NotAnOverrun()
    {
        var small = new ModbusRequest(2, 8);
        byte[] registers = Hex.Bytes("10 00 00 00 03 06 00 01 00 02 00 03");
        byte[] coils = Hex.Bytes("0F 00 00 00 09 02 FF 01");

        Assert.Equal(ExceptionCode.IllegalDataValue, ModbusPdu.ParseRequest(registers, 0, registers.Length, small));
        Assert.Equal(ExceptionCode.IllegalDataValue, ModbusPdu.ParseRequest(coils, 0, coils.Length, small));
    }

    [Fact]
    public void ParseRequest_HonoursTheOffset()
    {
        byte[] adu = Hex.Bytes("11 03 00 6B 00 03 76 87");

        Assert.Equal(ExceptionCode.None, ModbusPdu.ParseRequest(adu, 1, 5, _request));
        Assert.Equal(0x6B, _request.Address);
    }

    private ExceptionCode Parse(string pdu)
    {
        byte[] bytes = Hex.Bytes(pdu);
        var padded = new byte[bytes.Length + 8];
        bytes.CopyTo(padded, 4);
        return ModbusPdu.ParseRequest(padded, 4, bytes.Length, _request);
    }
}
