using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Portable.Tests.Decoding;

public class RegisterEncoderTests
{
    [Theory]
    [InlineData(WordOrder.ABCD, new ushort[] { 0x4049, 0x0FDB })]
    [InlineData(WordOrder.CDAB, new ushort[] { 0x0FDB, 0x4049 })]
    [InlineData(WordOrder.BADC, new ushort[] { 0x4940, 0xDB0F })]
    [InlineData(WordOrder.DCBA, new ushort[] { 0xDB0F, 0x4940 })]
    public void Float32_InEveryOrder(WordOrder order, ushort[] expected)
    {
        var registers = new ushort[4];

        RegisterEncoder.Encode(3.14159274, DataType.Float32, order, registers, 1);

        Assert.Equal(expected, registers.Skip(1).Take(2));
        Assert.Equal(0, registers[0]);
        Assert.Equal(0, registers[3]);
    }

    // Encode takes a double, so the 64-bit value stays below 2^53 to be exact: 0x001B030405060708.
    [Theory]
    [InlineData(WordOrder.ABCD, new ushort[] { 0x001B, 0x0304, 0x0506, 0x0708 })]
    [InlineData(WordOrder.CDAB, new ushort[] { 0x0708, 0x0506, 0x0304, 0x001B })]
    [InlineData(WordOrder.BADC, new ushort[] { 0x1B00, 0x0403, 0x0605, 0x0807 })]
    [InlineData(WordOrder.DCBA, new ushort[] { 0x0807, 0x0605, 0x0403, 0x1B00 })]
    public void Int64_InEveryOrder(WordOrder order, ushort[] expected)
    {
        var registers = new ushort[4];

        RegisterEncoder.Encode(0x001B030405060708, DataType.Int64, order, registers, 0);

        Assert.Equal(expected, registers);
    }

    [Fact]
    public void WriteBits_IsExactForAll64Bits_WhereADoubleIsNot()
    {
        var registers = new ushort[4];

        RegisterEncoder.WriteBits(0x0102030405060709UL, registers, 0, 4, WordOrder.CDAB);

        Assert.Equal(new ushort[] { 0x0709, 0x0506, 0x0304, 0x0102 }, registers);
        Assert.Equal(0x0102030405060709L, RegisterDecoder.DecodeInt64(registers, 0, WordOrder.CDAB));
    }

    [Theory]
    [InlineData(DataType.Int16, -200.7, new ushort[] { 0xFF38 })] // truncates toward zero
    [InlineData(DataType.UInt16, 65536, new ushort[] { 0x0000 })] // wraps like a C cast
    [InlineData(DataType.UInt16, -1, new ushort[] { 0xFFFF })]
    [InlineData(DataType.Int16, 40000, new ushort[] { 0x9C40 })]
    [InlineData(DataType.Int32, -100000, new ushort[] { 0xFFFE, 0x7960 })]
    [InlineData(DataType.UInt32, 4294967296, new ushort[] { 0x0000, 0x0000 })]
    [InlineData(DataType.UInt16, double.NaN, new ushort[] { 0x0000 })]
    [InlineData(DataType.Int32, double.NaN, new ushort[] { 0x0000, 0x0000 })]
    public void Integers_TruncateThenWrap(DataType type, double value, ushort[] expected)
    {
        var registers = new ushort[expected.Length];

        RegisterEncoder.Encode(value, type, WordOrder.ABCD, registers, 0);

        Assert.Equal(expected, registers);
    }

    [Fact]
    public void UInt64_OfANegativeValue_WrapsToTwosComplement()
    {
        // Decided: wrap, like every other integer width (UInt16 -1 -> 0xFFFF). Read back as Int64 it is -1.
        var registers = new ushort[4];

        RegisterEncoder.Encode(-1, DataType.UInt64, WordOrder.ABCD, registers, 0);

        Assert.Equal(new ushort[] { 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF }, registers);
        Assert.Equal(-1L, RegisterDecoder.DecodeInt64(registers, 0, WordOrder.ABCD));
        Assert.Equal(18446744073709551615d, RegisterDecoder.Decode(registers, 0, DataType.UInt64, WordOrder.ABCD));
    }

    [Fact]
    public void UInt64_AboveInt64Max_IsExact()
    {
        var registers = new ushort[4];

        RegisterEncoder.Encode(9223372036854775808d * 1.5, DataType.UInt64, WordOrder.ABCD, registers, 0);

        Assert.Equal(new ushort[] { 0xC000, 0x0000, 0x0000, 0x0000 }, registers);
    }

    [Theory]
    [InlineData(DataType.UInt64, 1e30, new ushort[] { 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF })]
    [InlineData(DataType.UInt64, double.PositiveInfinity, new ushort[] { 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF })]
    [InlineData(DataType.Int64, 1e30, new ushort[] { 0x7FFF, 0xFFFF, 0xFFFF, 0xFFFF })]
    [InlineData(DataType.Int64, -1e30, new ushort[] { 0x8000, 0x0000, 0x0000, 0x0000 })]
    [InlineData(DataType.UInt64, double.NegativeInfinity, new ushort[] { 0x8000, 0x0000, 0x0000, 0x0000 })]
    [InlineData(DataType.Int64, double.NaN, new ushort[] { 0, 0, 0, 0 })]
    public void BeyondTheInt64Range_Saturates_TheSameOnEveryPlatform(DataType type, double value, ushort[] expected)
    {
        var registers = new ushort[4];

        RegisterEncoder.Encode(value, type, WordOrder.ABCD, registers, 0);

        Assert.Equal(expected, registers);
    }

    [Fact]
    public void Float32_RoundsToNearestSingle()
    {
        var registers = new ushort[2];

        RegisterEncoder.Encode(0.1, DataType.Float32, WordOrder.ABCD, registers, 0);

        Assert.Equal(new ushort[] { 0x3DCC, 0xCCCD }, registers);
    }

    [Fact]
    public void Float64_KeepsEveryBit()
    {
        var registers = new ushort[4];

        RegisterEncoder.Encode(0.1, DataType.Float64, WordOrder.DCBA, registers, 0);

        Assert.Equal(0.1, RegisterDecoder.Decode(registers, 0, DataType.Float64, WordOrder.DCBA));
        Assert.Equal(new ushort[] { 0x9A99, 0x9999, 0x9999, 0xB93F }, registers); // 0x3FB999999999999A little-endian
    }
}
