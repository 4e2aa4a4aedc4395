using System.Globalization;

namespace EdgeSensors.Portable.Tests.Telemetry.Support;

/// <summary>
/// Decimal text taken apart into significant digits and a decimal point position (value = 0.digits x 10^point),
/// and laid out again by ECMAScript's Number::toString rules. Written independently of the encoder so the two
/// can be compared.
/// </summary>
internal static class DecimalText
{
    /// <summary>Digits and point of text such as "-1.25E-07", "120", "0.003" (any sign is ignored).</summary>
    public static (string Digits, int Point) Split(string text)
    {
        text = text.TrimStart('-');
        int exponent = 0;
        int e = text.IndexOfAny(['e', 'E']);
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        int dot = text.IndexOf('.', StringComparison.Ordinal);
        int integerDigits = dot < 0 ? text.Length : dot;
        string digits = text.Replace(".", string.Empty, StringComparison.Ordinal);
        int leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        return (digits, integerDigits - leadingZeros + exponent);
    }

    /// <summary>ECMA-262 Number::toString(x) for x = 0.digits x 10^point (digits without trailing zeros).</summary>
    public static string EcmaScript(bool negative, string digits, int point)
    {
        string sign = negative ? "-" : string.Empty;
        int k = digits.Length;
        int n = point;
        if (k <= n && n <= 21)
        {
            return sign + digits + new string('0', n - k);
        }

        if (0 < n && n <= 21)
        {
            return sign + digits[..n] + "." + digits[n..];
        }

        if (-6 < n && n <= 0)
        {
            return sign + "0." + new string('0', -n) + digits;
        }

        string exponent = (n - 1 < 0 ? "-" : "+") + Math.Abs(n - 1).ToString(CultureInfo.InvariantCulture);
        return k == 1
            ? sign + digits + "e" + exponent
            : sign + digits[..1] + "." + digits[1..] + "e" + exponent;
    }

    /// <summary>What the contract says a finite double must look like, from .NET's own shortest round-trip digits.</summary>
    public static string Expected(double value)
    {
        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        (string digits, int point) = Split(value.ToString("R", CultureInfo.InvariantCulture));
        return EcmaScript(value < 0, digits, point);
    }
}
