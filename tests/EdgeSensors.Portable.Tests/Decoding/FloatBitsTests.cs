using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Portable.Tests.Decoding;

public class FloatBitsTests
{
    [Theory]
    [InlineData(0x00000000u, 0.0)]
    [InlineData(0x3F800000u, 1.0)]
    [InlineData(0xC0200000u, -2.5)]
    [InlineData(0x00000001u, 1.401298464324817E-45)]
    [InlineData(0x00400000u, 5.877471754111438E-39)] // subnormal with the top mantissa bit set
    [InlineData(0x7F800000u, double.PositiveInfinity)]
    [InlineData(0xFF800000u, double.NegativeInfinity)]
    public void ToDouble_KnownPatterns(uint bits, double expected)
    {
        Assert.Equal(expected, FloatBits.ToDouble(bits));
    }

    [Theory]
    [InlineData(1.0, 0x3F800000u)]
    [InlineData(-2.5, 0xC0200000u)]
    [InlineData(0.1, 0x3DCCCCCDu)]
    [InlineData(1e-45, 0x00000001u)] // rounds to the smallest subnormal
    [InlineData(1e-46, 0x00000000u)] // underflows to zero
    [InlineData(-1e-46, 0x80000000u)] // ... keeping its sign
    [InlineData(1e39, 0x7F800000u)] // overflows to infinity
    [InlineData(5.877471754111438E-39, 0x00400000u)]
    [InlineData(double.NegativeInfinity, 0xFF800000u)]
    public void FromDouble_KnownPatterns(double value, uint expected)
    {
        Assert.Equal(expected, FloatBits.FromDouble(value));
    }

    [Fact]
    public void FromDouble_NaN_IsANaNPattern()
    {
        uint bits = FloatBits.FromDouble(double.NaN);

        Assert.Equal(0x7F800000u, bits & 0x7F800000u);
        Assert.NotEqual(0u, bits & 0x007FFFFFu);
    }
}
