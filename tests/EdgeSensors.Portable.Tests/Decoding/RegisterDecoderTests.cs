using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Portable.Tests.Decoding;

/// <summary>
/// Every data type in every word order, against registers written out by hand. Bytes are named A (most
/// significant) to D (or A to H for 64 bits); the 16-bit cases use value 0x1234, the 32-bit ones 0x12345678
/// and the 64-bit ones 0x0102030405060708, so a misplaced byte or word shows.
/// </summary>
public class RegisterDecoderTests
{
    public static TheoryData<DataType, WordOrder, ushort[], double> Matrix()
    {
        return new TheoryData<DataType, WordOrder, ushort[], double>
        {
            // 16-bit: word order has no second word to swap; the byte swap still applies.
            { DataType.UInt16, WordOrder.ABCD, [0x1234], 0x1234 },
            { DataType.UInt16, WordOrder.CDAB, [0x1234], 0x1234 },
            { DataType.UInt16, WordOrder.BADC, [0x3412], 0x1234 },
            { DataType.UInt16, WordOrder.DCBA, [0x3412], 0x1234 },
            { DataType.Int16, WordOrder.ABCD, [0xFF38], -200 },
            { DataType.Int16, WordOrder.CDAB, [0xFF38], -200 },
            { DataType.Int16, WordOrder.BADC, [0x38FF], -200 },
            { DataType.Int16, WordOrder.DCBA, [0x38FF], -200 },
            { DataType.UInt32, WordOrder.ABCD, [0x1234, 0x5678], 0x12345678 },
            { DataType.UInt32, WordOrder.CDAB, [0x5678, 0x1234], 0x12345678 },
            { DataType.UInt32, WordOrder.BADC, [0x3412, 0x7856], 0x12345678 },
            { DataType.UInt32, WordOrder.DCBA, [0x7856, 0x3412], 0x12345678 },
            { DataType.UInt32, WordOrder.ABCD, [0xFFFF, 0xFFFF], 4294967295d },

            // -100000 = 0xFFFE7960
            { DataType.Int32, WordOrder.ABCD, [0xFFFE, 0x7960], -100000 },
            { DataType.Int32, WordOrder.CDAB, [0x7960, 0xFFFE], -100000 },
            { DataType.Int32, WordOrder.BADC, [0xFEFF, 0x6079], -100000 },
            { DataType.Int32, WordOrder.DCBA, [0x6079, 0xFEFF], -100000 },

            // pi as float32 = 0x40490FDB
            { DataType.Float32, WordOrder.ABCD, [0x4049, 0x0FDB], (double)3.14159274f },
            { DataType.Float32, WordOrder.CDAB, [0x0FDB, 0x4049], (double)3.14159274f },
            { DataType.Float32, WordOrder.BADC, [0x4940, 0xDB0F], (double)3.14159274f },
            { DataType.Float32, WordOrder.DCBA, [0xDB0F, 0x4940], (double)3.14159274f },
            { DataType.Float32, WordOrder.ABCD, [0xC020, 0x0000], -2.5 },
            { DataType.UInt64, WordOrder.ABCD, [0x0102, 0x0304, 0x0506, 0x0708], 0x0102030405060708 },
            { DataType.UInt64, WordOrder.CDAB, [0x0708, 0x0506, 0x0304, 0x0102], 0x0102030405060708 },
            { DataType.UInt64, WordOrder.BADC, [0x0201, 0x0403, 0x0605, 0x0807], 0x0102030405060708 },
            { DataType.UInt64, WordOrder.DCBA, [0x0807, 0x0605, 0x0403, 0x0201], 0x0102030405060708 },
            { DataType.UInt64, WordOrder.ABCD, [0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF], 18446744073709551615d },

            // -2 = 0xFFFFFFFFFFFFFFFE
            { DataType.Int64, WordOrder.ABCD, [0xFFFF, 0xFFFF, 0xFFFF, 0xFFFE], -2 },
            { DataType.Int64, WordOrder.CDAB, [0xFFFE, 0xFFFF, 0xFFFF, 0xFFFF], -2 },
            { DataType.Int64, WordOrder.BADC, [0xFFFF, 0xFFFF, 0xFFFF, 0xFEFF], -2 },
            { DataType.Int64, WordOrder.DCBA, [0xFEFF, 0xFFFF, 0xFFFF, 0xFFFF], -2 },
            { DataType.Int64, WordOrder.ABCD, [0x0102, 0x0304, 0x0506, 0x0708], 0x0102030405060708 },

            // pi as float64 = 0x400921FB54442D18
            { DataType.Float64, WordOrder.ABCD, [0x4009, 0x21FB, 0x5444, 0x2D18], Math.PI },
            { DataType.Float64, WordOrder.CDAB, [0x2D18, 0x5444, 0x21FB, 0x4009], Math.PI },
            { DataType.Float64, WordOrder.BADC, [0x0940, 0xFB21, 0x4454, 0x182D], Math.PI },
            { DataType.Float64, WordOrder.DCBA, [0x182D, 0x4454, 0xFB21, 0x0940], Math.PI },
        };
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void Decode_EveryTypeInEveryOrder(DataType type, WordOrder order, ushort[] registers, double expected)
    {
        // Place the value at index 3 behind some noise so index handling is exercised too.
        var buffer = new ushort[3 + registers.Length + 2];
        Array.Fill(buffer, (ushort)0xBEEF);
        registers.CopyTo(buffer, 3);

        Assert.Equal(expected, RegisterDecoder.Decode(buffer, 3, type, order));
    }

    [Fact]
    public void Matrix_CoversEveryTypeAndOrder()
    {
        var covered = Matrix().Select(row => ((DataType)row[0], (WordOrder)row[1])).ToHashSet();

        foreach (DataType type in Enum.GetValues<DataType>())
        {
            foreach (WordOrder order in Enum.GetValues<WordOrder>())
            {
                Assert.Contains((type, order), covered);
            }
        }
    }

    [Fact]
    public void DecodeInt64_IsExactBeyond2Pow53()
    {
        ushort[] registers = [0x0102, 0x0304, 0x0506, 0x0709];

        Assert.Equal(0x0102030405060709L, RegisterDecoder.DecodeInt64(registers, 0, WordOrder.ABCD));
        Assert.Equal(-2L, RegisterDecoder.DecodeInt64([0xFFFE, 0xFFFF, 0xFFFF, 0xFFFF], 0, WordOrder.CDAB));
    }

    [Theory]
    [InlineData(0x7FC0, 0x0000)] // quiet NaN: a KELLER channel error
    [InlineData(0xFFC0, 0x0000)]
    [InlineData(0x7F80, 0x0001)] // signalling NaN payload
    [InlineData(0x7FFF, 0xFFFF)]
    public void Float32_NaN_StaysNaN(ushort high, ushort low)
    {
        Assert.True(double.IsNaN(RegisterDecoder.Decode([high, low], 0, DataType.Float32, WordOrder.ABCD)));
    }

    [Theory]
    [InlineData(0x7F80, 0x0000, double.PositiveInfinity)]
    [InlineData(0xFF80, 0x0000, double.NegativeInfinity)]
    [InlineData(0x0000, 0x0001, 1.401298464324817E-45)] // the smallest subnormal, 2^-149
    [InlineData(0x8000, 0x0001, -1.401298464324817E-45)]
    [InlineData(0x007F, 0xFFFF, 1.1754942106924411E-38)] // the largest subnormal
    [InlineData(0x0080, 0x0000, 1.1754943508222875E-38)] // the smallest normal
    [InlineData(0x7F7F, 0xFFFF, 3.4028234663852886E+38)] // float.MaxValue
    [InlineData(0x3F80, 0x0000, 1.0)]
    public void Float32_SpecialValues(ushort high, ushort low, double expected)
    {
        Assert.Equal(expected, RegisterDecoder.Decode([high, low], 0, DataType.Float32, WordOrder.ABCD));
    }

    [Fact]
    public void Float32_NegativeZero_KeepsItsSign()
    {
        double value = RegisterDecoder.Decode([0x8000, 0x0000], 0, DataType.Float32, WordOrder.ABCD);

        Assert.Equal(0.0, value);
        Assert.True(double.IsNegative(value));
    }

    [Fact]
    public void Float64_NaNAndInfinity()
    {
        Assert.True(double.IsNaN(RegisterDecoder.Decode([0x7FF8, 0, 0, 0], 0, DataType.Float64, WordOrder.ABCD)));
        Assert.Equal(double.NegativeInfinity, RegisterDecoder.Decode([0, 0, 0, 0xFFF0], 0, DataType.Float64, WordOrder.CDAB));
    }

    [Theory]
    [InlineData(DataType.UInt16, 1)]
    [InlineData(DataType.Int16, 1)]
    [InlineData(DataType.UInt32, 2)]
    [InlineData(DataType.Int32, 2)]
    [InlineData(DataType.Float32, 2)]
    [InlineData(DataType.UInt64, 4)]
    [InlineData(DataType.Int64, 4)]
    [InlineData(DataType.Float64, 4)]
    public void RegisterCount(DataType type, int count)
    {
        Assert.Equal(count, DataTypes.RegisterCount(type));
        Assert.Equal(type is DataType.Float32 or DataType.Float64, DataTypes.IsFloat(type));
    }

    [Fact]
    public void ReadBits_OnlyReadsItsOwnRegisters()
    {
        ushort[] registers = [0xAAAA, 0x1234, 0x5678, 0xBBBB];

        Assert.Equal(0x12345678UL, RegisterDecoder.ReadBits(registers, 1, 2, WordOrder.ABCD));
    }
}
