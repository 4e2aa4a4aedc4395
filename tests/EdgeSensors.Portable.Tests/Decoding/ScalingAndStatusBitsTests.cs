using EdgeSensors.Modbus.Decoding;

namespace EdgeSensors.Portable.Tests.Decoding;

public class ScalingAndStatusBitsTests
{
    [Theory]
    [InlineData(209, 0.1, 0, 20.9)]
    [InlineData(4000, 0.005, -4, 16)] // a 4-20 mA style raw count to engineering units
    [InlineData(0, 2, 7, 7)]
    public void Linear_IsRawTimesGainPlusOffset(double raw, double gain, double offset, double expected)
    {
        Assert.Equal(expected, Scaling.Linear(raw, gain, offset), 10);
    }

    [Fact]
    public void Linear_PropagatesNaN_SoAChannelErrorStaysVisible()
    {
        Assert.True(double.IsNaN(Scaling.Linear(double.NaN, 0.1, 5)));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(7)]
    [InlineData(65535)]
    public void TryApplyDecimals_RefusesPlacesOutside0To6(int places)
    {
        Assert.False(Scaling.TryApplyDecimals(1234, places, out double value));
        Assert.Equal(0, value);
    }

    [Fact]
    public void TryApplyDecimals_SixPlaces()
    {
        Assert.True(Scaling.TryApplyDecimals(1234567, 6, out double value));
        Assert.Equal(1.234567, value, 12);
    }

    [Fact]
    public void IsSet_EachBitOfAWord()
    {
        for (int bit = 0; bit < 16; bit++)
        {
            ushort word = (ushort)(1 << bit);
            for (int probe = 0; probe < 16; probe++)
            {
                Assert.Equal(probe == bit, StatusBits.IsSet(word, probe));
            }
        }
    }

    [Theory]
    [InlineData(0xABCD, 0, 4, 0xD)]
    [InlineData(0xABCD, 4, 4, 0xC)]
    [InlineData(0xABCD, 12, 4, 0xA)]
    [InlineData(0xABCD, 0, 16, 0xABCD)]
    [InlineData(0xABCD, 3, 1, 1)]
    [InlineData(0xABCD, 4, 1, 0)]
    public void Field_ExtractsUnsignedBitRanges(int word, int lowBit, int width, int expected)
    {
        Assert.Equal(expected, StatusBits.Field((ushort)word, lowBit, width));
    }
}
