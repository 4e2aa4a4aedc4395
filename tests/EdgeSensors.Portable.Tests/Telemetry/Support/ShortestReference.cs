using System.Globalization;
using System.Numerics;

namespace EdgeSensors.Portable.Tests.Telemetry.Support;

/// <summary>
/// The shortest round-trip digits of a double found by brute force, independently of the formatter: the exact
/// decimal value (BigInteger), then for 1, 2, ... 17 digits the two nearest candidates, judged by .NET's
/// correctly rounded double.Parse. The first length where a candidate parses back wins; the nearer candidate,
/// the even one on a tie. (.NET's own "R" is not used: it prints 2^-25 as 2.980232238769531E-08, which parses
/// to the double below.)
/// </summary>
internal static class ShortestReference
{
    public static string Format(double value)
    {
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        (string digits, int point) = Digits(Math.Abs(value));
        return DecimalText.EcmaScript(value < 0, digits, point);
    }

    /// <summary>Shortest digits (no trailing zeros) and point of a positive finite value: value ~ 0.digits x 10^point.</summary>
    public static (string Digits, int Point) Digits(double value)
    {
        (string exact, int point) = Exact(value);
        for (int n = 1; n <= 17; n++)
        {
            string floor = exact.Length >= n ? exact[..n] : exact.PadRight(n, '0');
            string rest = exact.Length > n ? exact[n..] : string.Empty;
            (string ceilDigits, int ceilPoint) = Increment(floor, point);
            bool floorParses = rest.Length == 0 || Parses(floor, point, value);
            bool ceilParses = rest.Length > 0 && Parses(ceilDigits, ceilPoint, value);
            if (!floorParses && !ceilParses)
            {
                continue;
            }

            bool takeCeil;
            if (floorParses && ceilParses)
            {
                int half = CompareToHalf(rest);
                takeCeil = half > 0 || (half == 0 && (floor[^1] - '0') % 2 == 1);
            }
            else
            {
                takeCeil = ceilParses;
            }

            return takeCeil ? (ceilDigits.TrimEnd('0'), ceilPoint) : (floor.TrimEnd('0'), point);
        }

        throw new InvalidOperationException("no 17-digit decimal parses back to " + value.ToString("G17", CultureInfo.InvariantCulture));
    }

    /// <summary>The exact decimal digits (no trailing zeros) and point of a positive finite double.</summary>
    public static (string Digits, int Point) Exact(double value)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int biased = (int)((bits >> 52) & 0x7FF);
        long mantissa = bits & 0xFFFFFFFFFFFFFL;
        int exponent = biased == 0 ? -1074 : biased - 1075;
        if (biased != 0)
        {
            mantissa |= 1L << 52;
        }

        string digits;
        int point;
        if (exponent >= 0)
        {
            digits = (new BigInteger(mantissa) << exponent).ToString(CultureInfo.InvariantCulture);
            point = digits.Length;
        }
        else
        {
            // m x 2^e = m x 5^-e / 10^-e
            digits = (new BigInteger(mantissa) * BigInteger.Pow(5, -exponent)).ToString(CultureInfo.InvariantCulture);
            point = digits.Length + exponent;
        }

        return (digits.TrimEnd('0'), point);
    }

    private static (string Digits, int Point) Increment(string digits, int point)
    {
        string next = (BigInteger.Parse(digits, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
        return next.Length > digits.Length ? (next, point + 1) : (next, point);
    }

    private static bool Parses(string digits, int point, double value)
    {
        string text = "0." + digits + "e" + point.ToString(CultureInfo.InvariantCulture);
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) == value;
    }

    /// <summary>The sign of 0.rest - 0.5.</summary>
    private static int CompareToHalf(string rest)
    {
        if (rest[0] != '5')
        {
            return rest[0] > '5' ? 1 : -1;
        }

        return rest.Length > 1 ? 1 : 0;
    }
}
