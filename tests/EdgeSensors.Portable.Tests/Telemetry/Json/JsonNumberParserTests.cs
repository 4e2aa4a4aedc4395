using System.Globalization;
using System.Numerics;
using System.Text;
using EdgeSensors.Portable.Tests.Telemetry.Support;
using EdgeSensors.Telemetry.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeSensors.Portable.Tests.Telemetry.Json;

/// <summary>
/// The parser returns the nearest double (ties to even) for any JSON number. .NET's double.Parse, correctly
/// rounded since .NET Core 3.0, is the oracle; the hard inputs are exact midpoints between two doubles.
/// </summary>
public class JsonNumberParserTests
{
    [Theory]
    [InlineData("0", 0.0)]
    [InlineData("-0", -0.0)]
    [InlineData("-0.0e5", -0.0)]
    [InlineData("20.9", 20.9)]
    [InlineData("1e+21", 1e21)]
    [InlineData("1E-7", 1e-7)]
    [InlineData("5e-324", double.Epsilon)]
    [InlineData("2.4703282292062328e-324", double.Epsilon)]
    [InlineData("2.4703282292062327e-324", 0.0)]
    [InlineData("1e-400", 0.0)]
    [InlineData("1.7976931348623157e308", double.MaxValue)]
    [InlineData("1.7976931348623158e308", double.MaxValue)]
    [InlineData("9007199254740993", 9007199254740992.0)]
    [InlineData("9007199254740995", 9007199254740996.0)]
    [InlineData("0.000000000000000000000000000000000000000000001", 1e-45)]
    [InlineData("100000000000000000000000000000000000000000000000000", 1e50)]
    public void Reads_the_nearest_double(string text, double expected)
    {
        Assert.Equal(JsonNumberStatus.Ok, Parse(text, out double value, out int next));
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(value));
        Assert.Equal(text.Length, next);
    }

    [Theory]
    [InlineData("1.7976931348623159e308")]
    [InlineData("1e309")]
    [InlineData("-1e400")]
    [InlineData("1e999999999999999999")]
    public void Reports_numbers_beyond_the_double_range(string text)
    {
        Assert.Equal(JsonNumberStatus.OutOfRange, Parse(text, out _, out _));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("-", 1)]
    [InlineData("+1", 0)]
    [InlineData(".5", 0)]
    [InlineData("1.", 2)]
    [InlineData("1.e5", 2)]
    [InlineData("1e", 2)]
    [InlineData("1e+", 3)]
    [InlineData("-x", 1)]
    [InlineData("NaN", 0)]
    [InlineData("Infinity", 0)]
    public void Names_the_byte_where_a_number_goes_wrong(string text, int at)
    {
        Assert.Equal(JsonNumberStatus.Malformed, Parse(text, out _, out int next));
        Assert.Equal(at, next);
    }

    [Theory]
    [InlineData("01", 1)]
    [InlineData("1.5.3", 3)]
    [InlineData("12abc", 2)]
    [InlineData("-0x10", 2)]
    public void Stops_where_the_JSON_number_grammar_ends(string text, int next)
    {
        // The reader, not the parser, rejects what follows (a leading zero's next digit, a second '.').
        Assert.Equal(JsonNumberStatus.Ok, Parse(text, out _, out int end));
        Assert.Equal(next, end);
    }

    [Fact]
    public void Keeps_enough_digits_to_round_a_767_digit_midpoint()
    {
        // The midpoint between the largest subnormal and the smallest normal has 767 significant digits.
        double below = BitConverter.Int64BitsToDouble(0x000FFFFFFFFFFFFFL);
        string midpoint = Midpoint(below);
        Assert.True(midpoint.Length > 760, midpoint.Length.ToString(CultureInfo.InvariantCulture));

        AssertMatchesDotnet(midpoint);
        AssertMatchesDotnet(AboveMidpoint(midpoint, 2000));
        AssertMatchesDotnet(BelowMidpoint(midpoint, 2000));
    }

    [Property(MaxTest = 20000)]
    public Property Reads_the_formatters_text_back_to_the_same_bits()
    {
        var formatter = new ShortestDoubleFormatter();
        var parser = new JsonNumberParser();
        var buffer = new byte[ShortestDoubleFormatter.MaxLength];
        return Prop.ForAll(DoubleGenerators.AnyFinite().ToArbitrary(), value =>
        {
            int length = formatter.Write(value, buffer, 0);
            return parser.Parse(buffer, 0, length, out double parsed, out int next) == JsonNumberStatus.Ok
                && next == length
                && BitConverter.DoubleToInt64Bits(parsed) == BitConverter.DoubleToInt64Bits(value);
        });
    }

    [Property(MaxTest = 10000)]
    public Property Agrees_with_dotnet_on_other_formats()
    {
        Gen<string> texts =
            from value in DoubleGenerators.AnyFinite()
            from format in Gen.Elements("R", "E16", "G17", "E3", "E30", "F2")
            select value.ToString(format, CultureInfo.InvariantCulture).Replace("E+", "e", StringComparison.Ordinal);
        return Prop.ForAll(texts.ToArbitrary(), text => MatchesDotnet(text).Label(text));
    }

    [Property(MaxTest = 10000)]
    public Property Agrees_with_dotnet_on_random_digit_strings()
    {
        Gen<string> texts =
            from negative in ArbMap.Default.GeneratorFor<bool>()
            from digitCount in Gen.Choose(1, 60)
            from seed in ArbMap.Default.GeneratorFor<int>()
            from point in Gen.Choose(0, 60)
            from exponent in Gen.Choose(-420, 420)
            select RandomNumber(negative, digitCount, seed, point, exponent);
        return Prop.ForAll(texts.ToArbitrary(), text => MatchesDotnet(text).Label(text));
    }

    [Property(MaxTest = 5000)]
    public Property Agrees_with_dotnet_at_and_next_to_midpoints()
    {
        // Exact midpoints round to the even neighbour; a digit far past the midpoint decides the other way.
        Gen<string> texts =
            from value in DoubleGenerators.AnyFinite().Where(v => v > 0 && v < double.MaxValue)
            from side in Gen.Elements(0, 1, -1)
            from distance in Gen.Choose(1, 900)
            let midpoint = Midpoint(value)
            select side == 0 ? midpoint : side > 0 ? AboveMidpoint(midpoint, distance) : BelowMidpoint(midpoint, distance);
        return Prop.ForAll(texts.ToArbitrary(), text => MatchesDotnet(text).Label(text.Length > 80 ? text[..80] + "..." : text));
    }

    private static string RandomNumber(bool negative, int digitCount, int seed, int point, int exponent)
    {
        var random = new Random(seed);
        var digits = new StringBuilder();
        for (int i = 0; i < digitCount; i++)
        {
            digits.Append((char)('0' + random.Next(10)));
        }

        string text = digits.ToString().TrimStart('0');
        text = text.Length == 0 ? "0" : text;
        if (point > 0 && point < text.Length)
        {
            text = text[..point] + "." + text[point..];
        }

        return (negative ? "-" : string.Empty) + text + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The exact midpoint between value and the next double up, as plain decimal digits with an exponent.</summary>
    private static string Midpoint(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int biased = (int)((bits >> 52) & 0x7FF);
        BigInteger mantissa = (bits & 0xFFFFFFFFFFFFFL) | (biased == 0 ? 0 : 1L << 52);
        int exponent = (biased == 0 ? -1074 : biased - 1075) - 1;

        // (2m + 1) x 2^(e - 1)
        BigInteger odd = (2 * mantissa) + 1;
        return exponent >= 0
            ? (odd << exponent).ToString(CultureInfo.InvariantCulture)
            : (odd * BigInteger.Pow(5, -exponent)).ToString(CultureInfo.InvariantCulture) + "e-" + (-exponent).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The midpoint plus one unit in the <paramref name="distance"/>-th digit past its last.</summary>
    private static string AboveMidpoint(string midpoint, int distance)
    {
        (string digits, int exponent) = SplitExponent(midpoint);
        return digits + new string('0', distance - 1) + "1e" + (exponent - distance).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The midpoint minus one unit in the <paramref name="distance"/>-th digit past its last.</summary>
    private static string BelowMidpoint(string midpoint, int distance)
    {
        (string digits, int exponent) = SplitExponent(midpoint);
        string lower = (BigInteger.Parse(digits, CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture);
        return lower + new string('9', distance) + "e" + (exponent - distance).ToString(CultureInfo.InvariantCulture);
    }

    private static (string Digits, int Exponent) SplitExponent(string text)
    {
        int e = text.IndexOf('e', StringComparison.Ordinal);
        return e < 0 ? (text, 0) : (text[..e], int.Parse(text[(e + 1)..], CultureInfo.InvariantCulture));
    }

    private static void AssertMatchesDotnet(string text)
    {
        Assert.True(MatchesDotnet(text), text);
    }

    private static bool MatchesDotnet(string text)
    {
        double expected = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        JsonNumberStatus status = Parse(text, out double value, out int next);
        if (double.IsInfinity(expected))
        {
            return status == JsonNumberStatus.OutOfRange;
        }

        return status == JsonNumberStatus.Ok && next == text.Length
            && BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(expected);
    }

    private static JsonNumberStatus Parse(string text, out double value, out int next)
    {
        byte[] bytes = Encoding.ASCII.GetBytes(text);
        return new JsonNumberParser().Parse(bytes, 0, bytes.Length, out value, out next);
    }
}
