using EdgeSensors.Modbus.Decoding;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeSensors.Portable.Tests.Properties;

/// <summary>The integer-only float32 conversions agree with the runtime's own, which a device does not have.</summary>
public class FloatBitsProperties
{
    [Property(MaxTest = 5000)]
    public Property ToDoubleOfFromDouble_IsTheValueRoundedToSingle()
    {
        return Prop.ForAll(RegisterCodecProperties.AnyDouble().ToArbitrary(), value =>
        {
            double expected = (float)value;
            double actual = FloatBits.ToDouble(FloatBits.FromDouble(value));
            return double.IsNaN(expected)
                ? double.IsNaN(actual)
                : BitConverter.DoubleToInt64Bits(actual) == BitConverter.DoubleToInt64Bits(expected);
        });
    }

    [Property(MaxTest = 10000)]
    public Property ToDouble_MatchesInt32BitsToSingle(uint bits)
    {
        return Matches(bits).ToProperty();
    }

    [Fact]
    public void ToDouble_MatchesInt32BitsToSingle_ForEveryExponentSignAndMantissaEdge()
    {
        // Every exponent (including 0: zero and subnormals, and 255: infinity and NaN), both signs, and
        // mantissas at each bit position, all ones, and a fixed-seed random sample.
        var random = new Random(149);
        var mantissas = new List<uint> { 0, 1, 0x7FFFFF, 0x400000, 0x3FFFFF, 0x000001 };
        for (int bit = 0; bit < 23; bit++)
        {
            mantissas.Add(1u << bit);
            mantissas.Add((1u << bit) - 1);
        }

        for (int i = 0; i < 64; i++)
        {
            mantissas.Add((uint)random.Next(0, 1 << 23));
        }

        for (uint sign = 0; sign < 2; sign++)
        {
            for (uint exponent = 0; exponent < 256; exponent++)
            {
                foreach (uint mantissa in mantissas)
                {
                    uint bits = (sign << 31) | (exponent << 23) | mantissa;
                    Assert.True(Matches(bits), "bits 0x" + bits.ToString("X8", System.Globalization.CultureInfo.InvariantCulture));
                }
            }
        }
    }

    [Property(MaxTest = 10000)]
    public Property FromDoubleOfToDouble_GivesTheBitsBack_ForEveryNonNaN(uint bits)
    {
        float single = BitConverter.Int32BitsToSingle(unchecked((int)bits));
        return (float.IsNaN(single) || FloatBits.FromDouble(FloatBits.ToDouble(bits)) == bits).ToProperty();
    }

    private static bool Matches(uint bits)
    {
        float expected = BitConverter.Int32BitsToSingle(unchecked((int)bits));
        double actual = FloatBits.ToDouble(bits);
        return float.IsNaN(expected)
            ? double.IsNaN(actual)
            : BitConverter.DoubleToInt64Bits(actual) == BitConverter.DoubleToInt64Bits(expected);
    }
}
