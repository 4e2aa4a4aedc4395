using System.Text;
using EdgeSensors.Modbus.Framing;
using EdgeSensors.Portable.Tests.Support;

namespace EdgeSensors.Portable.Tests.Framing;

public class Crc16Tests
{
    [Theory]
    [InlineData("01 03 00 00 00 0A", 0xC5, 0xCD)] // the classic read of 10 holding registers
    [InlineData("01 03 00 00 00 01", 0x84, 0x0A)]
    [InlineData("11 03 00 6B 00 03", 0x76, 0x87)] // the spec's read-holding example on unit 17
    [InlineData("01 06 00 01 00 03", 0x98, 0x0B)]
    [InlineData("01 04 00 00 00 01", 0x31, 0xCA)]
    [InlineData("02 07", 0x41, 0x12)] // the serial-line spec's own CRC example
    public void Compute_MatchesPublishedVectors_LowByteFirstOnTheWire(string frame, byte lo, byte hi)
    {
        byte[] bytes = Hex.Bytes(frame);

        ushort crc = Crc16.Compute(bytes, 0, bytes.Length);

        Assert.Equal(lo, (byte)(crc & 0xFF));
        Assert.Equal(hi, (byte)(crc >> 8));
    }

    [Fact]
    public void Compute_OfTheStandardCheckString_Is4B37()
    {
        byte[] bytes = Encoding.ASCII.GetBytes("123456789");

        Assert.Equal(0x4B37, Crc16.Compute(bytes, 0, bytes.Length));
    }

    [Fact]
    public void Compute_OfNothing_IsTheInitialValue()
    {
        Assert.Equal(0xFFFF, Crc16.Compute(new byte[4], 2, 0));
    }

    [Fact]
    public void Compute_AgreesWithTheBitwiseSpecAlgorithm_ForEveryByteAndRandomFrames()
    {
        var single = new byte[1];
        for (int b = 0; b < 256; b++)
        {
            single[0] = (byte)b;
            Assert.Equal(ReferenceCrc.Compute(single, 0, 1), Crc16.Compute(single, 0, 1));
        }

        var random = new Random(1234);
        var frame = new byte[256];
        for (int i = 0; i < 500; i++)
        {
            random.NextBytes(frame);
            int offset = random.Next(0, 10);
            int count = random.Next(0, frame.Length - offset);
            Assert.Equal(ReferenceCrc.Compute(frame, offset, count), Crc16.Compute(frame, offset, count));
        }
    }

    [Fact]
    public void Append_WritesLowByteThenHighByte_AfterTheData()
    {
        byte[] buffer = [0xAA, 0x01, 0x03, 0x00, 0x00, 0x00, 0x0A, 0, 0, 0xBB];

        Crc16.Append(buffer, 1, 6);

        Assert.Equal(Hex.Bytes("AA 01 03 00 00 00 0A C5 CD BB"), buffer);
    }

    [Fact]
    public void Check_AcceptsASealedFrame_AndRejectsAnySingleBitError()
    {
        byte[] frame = Hex.Bytes("11 03 00 6B 00 03 76 87");
        Assert.True(Crc16.Check(frame, 0, frame.Length));

        for (int bit = 0; bit < frame.Length * 8; bit++)
        {
            frame[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.False(Crc16.Check(frame, 0, frame.Length), "bit " + bit);
            frame[bit / 8] ^= (byte)(1 << (bit % 8));
        }
    }

    [Fact]
    public void Check_RefusesFramesTooShortToHoldACrc()
    {
        // Two bytes could only be a CRC of nothing (0xFFFF); no Modbus frame is that short.
        Assert.False(Crc16.Check([0xFF, 0xFF], 0, 2));
        Assert.False(Crc16.Check([], 0, 0));
    }

    [Fact]
    public void Check_HonoursTheOffset()
    {
        byte[] buffer = Hex.Bytes("FF FF 02 07 41 12");

        Assert.True(Crc16.Check(buffer, 2, 4));
        Assert.False(Crc16.Check(buffer, 1, 5));
    }
}
