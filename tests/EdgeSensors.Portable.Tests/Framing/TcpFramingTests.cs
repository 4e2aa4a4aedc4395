using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Portable.Tests.Support;

namespace EdgeSensors.Portable.Tests.Framing;

public class TcpFramingTests
{
    // The spec's read-holding response (03 06 02 2B 00 00 00 64) for transaction 0x1234 on unit 0x11.
    private const string Response = "12 34 00 00 00 09 11 03 06 02 2B 00 00 00 64";

    [Fact]
    public void Seal_WritesTheMbapHeader_WithALengthCountingUnitAndPdu()
    {
        var adu = new byte[ModbusLimits.MaxTcpAduLength];
        Hex.Bytes("03 00 6B 00 03").CopyTo(adu, TcpFraming.PduOffset);

        int length = TcpFraming.Seal(adu, 0xBEEF, 0x11, 5);

        Assert.Equal(12, length);
        Assert.Equal(Hex.Bytes("BE EF 00 00 00 06 11 03 00 6B 00 03"), adu.Take(length));
        Assert.Equal(0xBEEF, TcpFraming.TransactionId(adu));
    }

    [Fact]
    public void Open_AMatchingResponse_GivesThePdu()
    {
        byte[] adu = Hex.Bytes(Response);

        Assert.Equal(ModbusStatus.Ok, TcpFraming.Open(adu, adu.Length, 0x1234, 0x11, out int pduLength));
        Assert.Equal(8, pduLength);
    }

    [Fact]
    public void Open_AStaleTransactionId_IsWrongTransactionId()
    {
        byte[] adu = Hex.Bytes(Response);

        Assert.Equal(ModbusStatus.WrongTransactionId, TcpFraming.Open(adu, adu.Length, 0x1235, 0x11, out int pduLength));
        Assert.Equal(0, pduLength);
    }

    [Fact]
    public void Open_AnotherUnitBehindTheGateway_IsWrongUnit()
    {
        byte[] adu = Hex.Bytes(Response);

        Assert.Equal(ModbusStatus.WrongUnit, TcpFraming.Open(adu, adu.Length, 0x1234, 0x12, out _));
    }

    [Theory]
    [InlineData(2, 0x01)]
    [InlineData(3, 0x01)]
    [InlineData(2, 0x80)]
    public void Open_ANonZeroProtocolId_IsWrongProtocolId(int index, byte value)
    {
        byte[] adu = Hex.Bytes(Response);
        adu[index] = value;

        Assert.Equal(ModbusStatus.WrongProtocolId, TcpFraming.Open(adu, adu.Length, 0x1234, 0x11, out _));
    }

    [Theory]
    [InlineData(0x0008)] // says one byte less than arrived
    [InlineData(0x000A)] // says one byte more
    [InlineData(0x0000)]
    [InlineData(0x0109)] // high byte lies
    public void Open_AnMbapLengthThatLies_IsLengthMismatch(int announced)
    {
        byte[] adu = Hex.Bytes(Response);
        adu[4] = (byte)(announced >> 8);
        adu[5] = (byte)announced;

        Assert.Equal(ModbusStatus.LengthMismatch, TcpFraming.Open(adu, adu.Length, 0x1234, 0x11, out _));
    }

    [Fact]
    public void Open_AFrameCutShortOfItsLengthField_IsLengthMismatch()
    {
        byte[] adu = Hex.Bytes(Response);

        Assert.Equal(ModbusStatus.LengthMismatch, TcpFraming.Open(adu, adu.Length - 1, 0x1234, 0x11, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(7)] // a header with no function byte
    public void Open_LessThanHeaderAndFunction_IsTruncated(int length)
    {
        byte[] adu = Hex.Bytes(Response);

        Assert.Equal(ModbusStatus.Truncated, TcpFraming.Open(adu, length, 0x1234, 0x11, out _));
    }

    [Theory]
    [InlineData("00 01 00 00 00 06 11", 12)]
    [InlineData("00 01 00 00 00 02 11", 8)] // unit + function: the smallest
    [InlineData("00 01 00 00 00 FE 11", 260)] // unit + 253-byte PDU: the largest
    [InlineData("00 01 00 00 00 01 11", -1)] // no room for a function byte
    [InlineData("00 01 00 00 00 FF 11", -1)] // longer than any PDU
    [InlineData("00 01 00 00 01 06 11", -1)]
    [InlineData("00 01 00 01 00 06 11", -1)] // protocol id 1: not Modbus
    [InlineData("00 01 01 00 00 06 11", -1)]
    public void FrameLength_FromTheHeaderAlone(string header, int expected)
    {
        Assert.Equal(expected, TcpFraming.FrameLength(Hex.Bytes(header)));
    }
}
