using EdgeSensors.Modbus.Framing;
using EdgeSensors.Modbus.Protocol;
using EdgeSensors.Portable.Tests.Support;

namespace EdgeSensors.Portable.Tests.Framing;

public class RtuFramingTests
{
    [Fact]
    public void Seal_PutsTheUnitInFrontAndTheCrcBehindThePdu()
    {
        var adu = new byte[ModbusLimits.MaxRtuAduLength];
        byte[] pdu = Hex.Bytes("03 00 6B 00 03");
        pdu.CopyTo(adu, RtuFraming.PduOffset);

        int length = RtuFraming.Seal(adu, 0x11, pdu.Length);

        Assert.Equal(8, length);
        Assert.Equal(Hex.Bytes("11 03 00 6B 00 03 76 87"), adu.Take(length));
    }

    [Fact]
    public void Open_AValidFrame_GivesThePduBetweenUnitAndCrc()
    {
        byte[] adu = Hex.Bytes("11 03 06 02 2B 00 00 00 64 00 00");
        Crc16.Append(adu, 0, 9);

        ModbusStatus status = RtuFraming.Open(adu, adu.Length, 0x11, out int pduLength);

        Assert.Equal(ModbusStatus.Ok, status);
        Assert.Equal(8, pduLength);
    }

    [Fact]
    public void Open_ACorruptedFrame_IsACrcError()
    {
        byte[] adu = Hex.Bytes("11 03 00 6B 00 03 76 87");
        adu[3] ^= 0x10;

        Assert.Equal(ModbusStatus.CrcError, RtuFraming.Open(adu, adu.Length, 0x11, out int pduLength));
        Assert.Equal(0, pduLength);
    }

    [Fact]
    public void Open_AnIntactFrameFromAnotherUnit_IsWrongUnit()
    {
        byte[] adu = Hex.Bytes("11 03 00 6B 00 03 76 87");

        Assert.Equal(ModbusStatus.WrongUnit, RtuFraming.Open(adu, adu.Length, 0x12, out int pduLength));
        Assert.Equal(0, pduLength);
    }

    [Fact]
    public void Open_CrcIsCheckedBeforeTheUnit_SoLineNoiseIsNotBlamedOnAnAddressClash()
    {
        byte[] adu = Hex.Bytes("11 03 00 6B 00 03 76 88");

        Assert.Equal(ModbusStatus.CrcError, RtuFraming.Open(adu, adu.Length, 0x12, out _));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(3)]
    public void Open_FewerThanFourBytes_IsTruncated(int length)
    {
        byte[] adu = Hex.Bytes("02 07 41 12");

        Assert.Equal(ModbusStatus.Truncated, RtuFraming.Open(adu, length, 2, out _));
    }

    [Fact]
    public void Open_TheShortestFrame_UnitFunctionAndCrc_IsAccepted()
    {
        byte[] adu = Hex.Bytes("02 07 41 12");

        Assert.Equal(ModbusStatus.Ok, RtuFraming.Open(adu, 4, 2, out int pduLength));
        Assert.Equal(1, pduLength);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("11", 0)]
    [InlineData("11 03", 0)] // the byte count has not arrived yet
    [InlineData("11 03 06", 11)]
    [InlineData("11 01 03 CD", 8)]
    [InlineData("11 02 03", 8)]
    [InlineData("11 04 02", 7)]
    [InlineData("11 05", 8)]
    [InlineData("11 06 00", 8)]
    [InlineData("11 0F", 8)]
    [InlineData("11 10", 8)]
    [InlineData("11 83", 5)] // exception: unit, function|0x80, code, CRC
    [InlineData("11 90 02", 5)]
    [InlineData("11 07", -1)]
    [InlineData("11 00", -1)]
    [InlineData("11 7F", -1)]
    public void ResponseLength_ForPartialFrames(string received, int expected)
    {
        byte[] adu = new byte[16];
        byte[] have = Hex.Bytes(received);
        have.CopyTo(adu, 0);

        Assert.Equal(expected, RtuFraming.ResponseLength(adu, have.Length));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("11", 0)]
    [InlineData("11 01", 8)]
    [InlineData("11 02", 8)]
    [InlineData("11 03", 8)]
    [InlineData("11 04", 8)]
    [InlineData("11 05", 8)]
    [InlineData("11 06", 8)]
    [InlineData("11 0F 00 13 00 0A", 0)] // the byte count is the 7th byte
    [InlineData("11 0F 00 13 00 0A 02", 11)]
    [InlineData("11 10 00 01 00 02 04", 13)]
    [InlineData("11 10", 0)]
    [InlineData("11 07", -1)]
    [InlineData("11 83", -1)] // a request never has the exception bit
    public void RequestLength_ForPartialFrames(string received, int expected)
    {
        byte[] adu = new byte[16];
        byte[] have = Hex.Bytes(received);
        have.CopyTo(adu, 0);

        Assert.Equal(expected, RtuFraming.RequestLength(adu, have.Length));
    }

    [Fact]
    public void ResponseLength_OfAWholeSealedResponse_IsItsLength()
    {
        var adu = new byte[ModbusLimits.MaxRtuAduLength];
        var registers = new ushort[125];
        int pduLength = ModbusPdu.WriteRegistersResponse(FunctionCode.ReadHoldingRegisters, registers, 125, adu, RtuFraming.PduOffset);
        int length = RtuFraming.Seal(adu, 1, pduLength);

        Assert.Equal(255, length); // unit + 252-byte PDU + CRC
        Assert.True(length <= ModbusLimits.MaxRtuAduLength);
        Assert.Equal(length, RtuFraming.ResponseLength(adu, 3));
    }

    [Theory]
    [InlineData(9600, 4011)] // 3.5 chars x 11 bits / 9600 = 4010.4 us, rounded up so the gap is never short
    [InlineData(1200, 32084)]
    [InlineData(4800, 8021)]
    [InlineData(19200, 2006)]
    [InlineData(19201, 1750)] // above 19200 the spec fixes t3.5 at 1.75 ms
    [InlineData(38400, 1750)]
    [InlineData(115200, 1750)]
    public void InterFrameDelay_IsThreeAndAHalfCharacters_Or1750UsAbove19200(int baud, int micros)
    {
        Assert.Equal(micros, RtuFraming.InterFrameDelayMicros(baud));
    }

    [Theory]
    [InlineData(9600, 1719)] // 1.5 chars x 11 bits / 9600 = 1718.75 us
    [InlineData(19200, 860)]
    [InlineData(38400, 750)]
    [InlineData(115200, 750)]
    public void InterCharacterTimeout_IsOneAndAHalfCharacters_Or750UsAbove19200(int baud, int micros)
    {
        Assert.Equal(micros, RtuFraming.InterCharacterTimeoutMicros(baud));
    }

    [Theory]
    [InlineData(8, 9600, 9166)] // 88 bits at 9600 baud
    [InlineData(256, 115200, 24444)]
    [InlineData(0, 9600, 0)]
    public void WireTime_CountsElevenBitsPerCharacter(int bytes, int baud, long micros)
    {
        Assert.Equal(micros, RtuFraming.WireTimeMicros(bytes, baud));
    }
}
