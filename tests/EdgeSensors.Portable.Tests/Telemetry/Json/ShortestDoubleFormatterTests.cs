using System.Globalization;
using System.Text;
using EdgeSensors.Portable.Tests.Telemetry.Support;
using EdgeSensors.Telemetry.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeSensors.Portable.Tests.Telemetry.Json;

/// <summary>
/// The formatter writes the shortest text that parses back to the same bits, the nearest such text, laid out like
/// JavaScript's JSON.stringify. The oracle is <see cref="ShortestReference"/>: a brute-force search judged by
/// .NET's correctly rounded double.Parse.
/// </summary>
public class ShortestDoubleFormatterTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(20.9, "20.9")]
    [InlineData(-40.0, "-40")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(1.0 / 3, "0.3333333333333333")]
    [InlineData(100.0, "100")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1.5e21, "1.5e+21")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1.25e-6, "0.00000125")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(-1.5e-7, "-1.5e-7")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(9007199254740993.0, "9007199254740992")]
    [InlineData(double.MaxValue, "1.7976931348623157e+308")]
    [InlineData(double.MinValue, "-1.7976931348623157e+308")]
    [InlineData(double.Epsilon, "5e-324")]
    [InlineData(2.2250738585072014e-308, "2.2250738585072014e-308")]
    [InlineData(1e23, "1e+23")]
    [InlineData(-1.2345678901234567e-5, "-0.000012345678901234568")]
    [InlineData(2.98023223876953125e-8, "2.9802322387695312e-8")]
    public void Writes_the_shortest_round_trip_text(double value, string expected)
    {
        Assert.Equal(expected, Format(value));
        Assert.Equal(BitConverter.DoubleToInt64Bits(value), BitConverter.DoubleToInt64Bits(double.Parse(expected, CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void The_longest_text_fits_MaxLength()
    {
        // Sign, "0.", five zeros and 17 digits.
        string longest = Format(-1.2345678901234567e-6);

        Assert.Equal("-0.0000012345678901234567", longest);
        Assert.Equal(ShortestDoubleFormatter.MaxLength, longest.Length);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Refuses_values_JSON_cannot_carry(double value)
    {
        Assert.Throws<ArgumentException>(() => new ShortestDoubleFormatter().Write(value, new byte[32], 0));
    }

    [Fact]
    public void Writes_nothing_when_the_text_does_not_fit()
    {
        var buffer = new byte[8];
        buffer.AsSpan().Fill(0xEE);

        Assert.Equal(-1, new ShortestDoubleFormatter().Write(0.30000000000000004, buffer, 2));
        Assert.All(buffer, b => Assert.Equal(0xEE, b));
        Assert.Equal(3, new ShortestDoubleFormatter().Write(0.5, buffer, 5));
        Assert.Equal("0.5", Encoding.ASCII.GetString(buffer, 5, 3));
    }

    [Property(MaxTest = 20000)]
    public Property Equals_the_brute_force_shortest_nearest_text()
    {
        var formatter = new ShortestDoubleFormatter();
        return Prop.ForAll(DoubleGenerators.AnyFinite().ToArbitrary(), value =>
            Format(formatter, value) == ShortestReference.Format(value));
    }

    [Property(MaxTest = 20000)]
    public Property Agrees_with_dotnet_R_wherever_dotnet_R_round_trips()
    {
        // A second, different implementation of the same digits and the layout rules written out separately.
        var formatter = new ShortestDoubleFormatter();
        return Prop.ForAll(DoubleGenerators.AnyFinite().ToArbitrary(), value =>
        {
            string dotnet = value.ToString("R", CultureInfo.InvariantCulture);
            bool dotnetRoundTrips = double.Parse(dotnet, NumberStyles.Float, CultureInfo.InvariantCulture).Equals(value);
            return !dotnetRoundTrips || Format(formatter, value) == DecimalText.Expected(value);
        });
    }

    [Property(MaxTest = 20000)]
    public Property Parses_back_to_the_same_bits()
    {
        var formatter = new ShortestDoubleFormatter();
        return Prop.ForAll(DoubleGenerators.AnyFinite().ToArbitrary(), value =>
        {
            double parsed = double.Parse(Format(formatter, value), NumberStyles.Float, CultureInfo.InvariantCulture);
            return BitConverter.DoubleToInt64Bits(parsed) == BitConverter.DoubleToInt64Bits(value);
        });
    }

    [Fact]
    public void Every_exponent_round_trips_at_its_edges()
    {
        // Each binary exponent's smallest, largest and a middle mantissa, both signs: where digit generation
        // switches between its branches (unequal gaps at powers of two, subnormals, the top of the range).
        var formatter = new ShortestDoubleFormatter();
        for (long exponent = 0; exponent < 2047; exponent++)
        {
            foreach (long mantissa in new[] { 0L, 1L, 2L, 0x8000000000000L, 0xFFFFFFFFFFFFEL, 0xFFFFFFFFFFFFFL })
            {
                foreach (long sign in new[] { 0L, long.MinValue })
                {
                    double value = BitConverter.Int64BitsToDouble(sign | (exponent << 52) | mantissa);
                    Assert.Equal(ShortestReference.Format(value), Format(formatter, value));
                }
            }
        }
    }

    [Property(MaxTest = 20000)]
    public Property The_short_decimal_fast_path_gives_the_exact_algorithms_digits_whenever_it_answers()
    {
        // Long decimals near the fast path's 2^50 limit and every d it tries, plus everything else.
        Gen<double> longDecimal = from mantissa in ArbMap.Default.GeneratorFor<ulong>()
                                  from bits in Gen.Choose(1, 53)
                                  from decimals in Gen.Choose(0, 22)
                                  select (double)(mantissa >> (64 - bits)) / Math.Pow(10, decimals);
        var formatter = new ShortestDoubleFormatter();
        return Prop.ForAll(Gen.OneOf(longDecimal, DoubleGenerators.AnyFinite()).Where(v => v != 0).ToArbitrary(), value =>
        {
            double magnitude = Math.Abs(value);
            byte[] fast = new byte[17];
            byte[] exact = new byte[17];
            int fastCount = ShortestDoubleFormatter.ShortDecimalDigits(magnitude, fast, out int fastPoint);
            int exactCount = formatter.ShortestDigits(magnitude, exact, out int exactPoint);
            return fastCount == 0
                || (fastCount == exactCount && fastPoint == exactPoint && fast.AsSpan(0, fastCount).SequenceEqual(exact.AsSpan(0, exactCount)));
        });
    }

    [Theory]
    [InlineData(20.9, 3, 2)]
    [InlineData(4.0, 1, 1)]
    [InlineData(65535.0, 5, 5)]
    [InlineData(0.05, 1, -1)]
    [InlineData(1234.5678, 8, 4)]
    [InlineData(1e-7, 1, -6)]
    [InlineData(4503599627370495.0, 16, 16)]
    public void The_fast_path_answers_for_what_instruments_report(double value, int count, int point)
    {
        // Scaled register values are integers or have a few decimals: they must not fall through to the big-number path.
        var digits = new byte[17];

        Assert.Equal(count, ShortestDoubleFormatter.ShortDecimalDigits(value, digits, out int actualPoint));
        Assert.Equal(point, actualPoint);
    }

    [Theory]
    [InlineData(0.30000000000000004)]
    [InlineData(1.0 / 3)]
    [InlineData(9007199254740993.0 * 4)]
    [InlineData(5e-324)]
    public void The_fast_path_leaves_long_and_huge_values_to_the_exact_algorithm(double value)
    {
        Assert.Equal(0, ShortestDoubleFormatter.ShortDecimalDigits(value, new byte[17], out _));
    }

    private static string Format(double value) => Format(new ShortestDoubleFormatter(), value);

    private static string Format(ShortestDoubleFormatter formatter, double value)
    {
        var buffer = new byte[ShortestDoubleFormatter.MaxLength];
        int length = formatter.Write(value, buffer, 0);
        return Encoding.ASCII.GetString(buffer, 0, length);
    }
}
