using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Portable.Tests.Support;

namespace EdgeSensors.Portable.Tests.Protocol;

/// <summary>The server side writes the spec's example responses byte for byte.</summary>
public class ServerResponseWritingTests
{
    private readonly byte[] _buffer = Enumerable.Repeat((byte)0xEE, 300).ToArray();

    [Fact]
    public void ReadHoldingRegisters()
    {
        int length = ModbusPdu.WriteRegistersResponse(FunctionCode.ReadHoldingRegisters, [0x022B, 0x0000, 0x0064, 0xFFFF], 3, _buffer, 0);

        Assert.Equal("03 06 02 2B 00 00 00 64", Hex.Text(_buffer, 0, length));
    }

    [Fact]
    public void ReadInputRegisters()
    {
        int length = ModbusPdu.WriteRegistersResponse(FunctionCode.ReadInputRegisters, [0x000A], 1, _buffer, 7);

        Assert.Equal("04 02 00 0A", Hex.Text(_buffer, 7, length));
    }

    [Fact]
    public void ReadCoils_PadsTheLastByteWithZeros()
    {
        bool[] coils = "1011 0011 1101 0110 101".Where(c => c != ' ').Select(c => c == '1').ToArray();

        int length = ModbusPdu.WriteBitsResponse(FunctionCode.ReadCoils, coils, coils.Length, _buffer, 0);

        Assert.Equal("01 03 CD 6B 05", Hex.Text(_buffer, 0, length));
    }

    [Fact]
    public void ReadDiscreteInputs()
    {
        bool[] inputs = "0011 0101 1101 1011 1010 11".Where(c => c != ' ').Select(c => c == '1').ToArray();

        int length = ModbusPdu.WriteBitsResponse(FunctionCode.ReadDiscreteInputs, inputs, inputs.Length, _buffer, 0);

        Assert.Equal("02 03 AC DB 35", Hex.Text(_buffer, 0, length));
    }

    [Theory]
    [InlineData("05 00 AC FF 00")]
    [InlineData("05 00 AC 00 00")]
    [InlineData("06 00 01 00 03")]
    [InlineData("0F 00 13 00 0A 02 CD 01")]
    [InlineData("10 00 01 00 02 04 00 0A 01 02")]
    public void Writes_EchoAddressAndValueOrQuantity(string requestPdu)
    {
        byte[] bytes = Hex.Bytes(requestPdu);
        var request = new ModbusRequest();
        Assert.Equal(ExceptionCode.None, ModbusPdu.ParseRequest(bytes, 0, bytes.Length, request));

        int length = ModbusPdu.WriteWriteResponse(request, _buffer, 0);

        Assert.Equal(Hex.Text(bytes, 0, 5), Hex.Text(_buffer, 0, length));
    }

    [Theory]
    [InlineData(0x03, ExceptionCode.IllegalDataAddress, "83 02")]
    [InlineData(0x01, ExceptionCode.IllegalFunction, "81 01")]
    [InlineData(0x10, ExceptionCode.GatewayTargetFailedToRespond, "90 0B")]
    [InlineData(0x2B, ExceptionCode.IllegalFunction, "AB 01")]
    public void ExceptionResponse_SetsTheHighBit(byte function, ExceptionCode code, string expected)
    {
        int length = ModbusPdu.WriteExceptionResponse(function, code, _buffer, 0);

        Assert.Equal(expected, Hex.Text(_buffer, 0, length));
    }

    [Fact]
    public void UInt16_IsBigEndian()
    {
        ModbusPdu.WriteUInt16(_buffer, 3, 0xA1B2);

        Assert.Equal(0xA1, _buffer[3]);
        Assert.Equal(0xB2, _buffer[4]);
        Assert.Equal(0xA1B2, ModbusPdu.ReadUInt16(_buffer, 3));
    }
}
