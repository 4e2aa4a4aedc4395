using System;

namespace EdgeSensors.Telemetry.Json;

/// <summary>
/// Writes a finite double as the shortest decimal that parses back to the very same double, laid out the way
/// ECMAScript's Number::toString (and so JavaScript's JSON.stringify) does, except that -0 keeps its sign.
/// nanoFramework's double.ToString has no "R" format and its "G" keeps 15 digits, which does not round-trip,
/// so the digits are generated here exactly (Burger and Dybvig's free-format algorithm over big integers).
/// One instance owns its scratch numbers; it allocates nothing per call and is not thread-safe.
/// </summary>
public sealed class ShortestDoubleFormatter
{
    /// <summary>The longest text written: "-0.000001234567890123456 7" without the space (sign, "0.", 5 zeros, 17 digits).</summary>
    public const int MaxLength = 25;

    // r, s and the margins reach about 1085 bits (2^1076 scaled by 10 for the smallest subnormals).
    private const int Limbs = 40;

    private readonly BigNat _r = new BigNat(Limbs);
    private readonly BigNat _s = new BigNat(Limbs);
    private readonly BigNat _mPlus = new BigNat(Limbs);
    private readonly BigNat _mMinus = new BigNat(Limbs);
    private readonly BigNat _sum = new BigNat(Limbs);
    private readonly byte[] _digits = new byte[17];
    private readonly byte[] _text = new byte[MaxLength];

    // 10^0..10^22: every one is exact in a double, so n / 10^d is one correctly rounded division.
    private static readonly double[] PowersOfTen =
    {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
        1e19, 1e20, 1e21, 1e22,
    };

    /// <summary>
    /// Writes <paramref name="value"/> at destination[offset..] and returns the number of bytes written, or -1
    /// when it does not fit (nothing is written then).
    /// </summary>
    /// <exception cref="ArgumentException">The value is NaN or infinite: JSON has no text for them.</exception>
    public int Write(double value, byte[] destination, int offset)
    {
        int length = Format(value);
        if (offset < 0 || destination.Length - offset < length)
        {
            return -1;
        }

        for (int i = 0; i < length; i++)
        {
            destination[offset + i] = _text[i];
        }

        return length;
    }

    /// <summary>
    /// The shortest digits (values 0-9, no trailing zeros) of a finite, non-zero |value| into
    /// <paramref name="digits"/>; value = 0.d1d2... x 10^<paramref name="point"/>. Returns the digit count.
    /// When two shortest candidates are equally close, the even last digit wins.
    /// </summary>
    internal int ShortestDigits(double value, byte[] digits, out int point)
    {
        long bits = BitConverter.DoubleToInt64Bits(value);
        int biased = (int)((bits >> 52) & 0x7FF);
        ulong fraction = (ulong)bits & 0xFFFFFFFFFFFFFUL;
        ulong f = biased == 0 ? fraction : fraction | (1UL << 52);
        int e = biased == 0 ? -1074 : biased - 1075;

        // At a power of two (other than the smallest normal) the gap below is half the gap above.
        bool lowerCloser = fraction == 0 && biased > 1;

        // An even mantissa wins ties when parsed, so its rounding interval includes its ends.
        bool inclusive = (f & 1) == 0;

        // value = r / s; the interval of decimals that parse back to value is (r - mMinus, r + mPlus) / s.
        _r.SetUInt64(f);
        _s.SetUInt64(1);
        _mPlus.SetUInt64(1);
        _mMinus.SetUInt64(1);
        int lowerShift = lowerCloser ? 2 : 1;
        if (e >= 0)
        {
            _r.ShiftLeft(e + lowerShift);
            _s.ShiftLeft(lowerShift);
            _mPlus.ShiftLeft(e + lowerShift - 1);
            _mMinus.ShiftLeft(e);
        }
        else
        {
            _r.ShiftLeft(lowerShift);
            _s.ShiftLeft(lowerShift - e);
            _mPlus.ShiftLeft(lowerShift - 1);
        }

        int k = EstimateDecimalExponent(f, e);
        if (k >= 0)
        {
            _s.MultiplyPow10(k);
        }
        else
        {
            _r.MultiplyPow10(-k);
            _mPlus.MultiplyPow10(-k);
            _mMinus.MultiplyPow10(-k);
        }

        // The estimate may be one too small: then the interval's upper end reaches 10^k.
        while (ReachesUpperEnd(inclusive))
        {
            _s.MultiplyAdd(10, 0);
            k++;
        }

        point = k;
        int count = 0;
        while (true)
        {
            _r.MultiplyAdd(10, 0);
            _mPlus.MultiplyAdd(10, 0);
            _mMinus.MultiplyAdd(10, 0);
            int digit = 0;
            while (BigNat.Compare(_r, _s) >= 0)
            {
                _r.Subtract(_s);
                digit++;
            }

            int low = BigNat.Compare(_r, _mMinus);
            bool stopLow = inclusive ? low <= 0 : low < 0;
            bool stopHigh = ReachesUpperEnd(inclusive);
            if (!stopLow && !stopHigh)
            {
                digits[count++] = (byte)digit;
                continue;
            }

            if (stopLow && stopHigh)
            {
                // Both neighbours are inside the interval: take the closer one, the even one on a tie.
                _sum.CopyFrom(_r);
                _sum.ShiftLeft(1);
                int half = BigNat.Compare(_sum, _s);
                if (half > 0 || (half == 0 && (digit & 1) == 1))
                {
                    digit++;
                }
            }
            else if (stopHigh)
            {
                digit++;
            }

            digits[count++] = (byte)digit;
            break;
        }

        while (count > 1 && digits[count - 1] == 0)
        {
            count--;
        }

        return count;
    }

    /// <summary>
    /// The fast path for what sensors send (integers and values with a few decimals): the same digits and point as
    /// <see cref="ShortestDigits"/>, or 0 when the value is not n / 10^d with n below 2^50 (2^53 for integers).
    /// The smallest d whose nearest n divides back to exactly <paramref name="value"/> gives the shortest digits:
    /// below 2^50 the gap between two such decimals (10^-d) is more than a rounding interval wide, so there is only
    /// one, and the scaled product is within 0.25 of it, so rounding it by adding 0.5 cannot miss it.
    /// </summary>
    internal static int ShortDecimalDigits(double value, byte[] digits, out int point)
    {
        point = 0;
        ulong n = 0;
        int decimals = -1;
        if (value < 9007199254740992.0 && value == (double)(ulong)value)
        {
            n = (ulong)value;
            decimals = 0;
        }
        else
        {
            for (int d = 1; d < PowersOfTen.Length; d++)
            {
                double scaled = value * PowersOfTen[d];
                if (scaled >= 1125899906842624.0)
                {
                    return 0;
                }

                ulong candidate = (ulong)(scaled + 0.5);
                if (candidate != 0 && (double)candidate / PowersOfTen[d] == value)
                {
                    n = candidate;
                    decimals = d;
                    break;
                }
            }
        }

        if (decimals < 0 || n == 0)
        {
            return 0;
        }

        // n's digits, most significant first, without trailing zeros.
        int length = 0;
        for (ulong rest = n; rest != 0; rest /= 10)
        {
            length++;
        }

        int count = 0;
        ulong divisor = 1;
        for (int i = 1; i < length; i++)
        {
            divisor *= 10;
        }

        for (ulong rest = n; count < length; divisor /= 10)
        {
            digits[count++] = (byte)(rest / divisor);
            rest %= divisor;
        }

        while (count > 1 && digits[count - 1] == 0)
        {
            count--;
        }

        point = length - decimals;
        return count;
    }

    private int Format(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentException("JSON cannot carry NaN or infinity; write null and a quality instead", "value");
        }

        int length = 0;
        if (BitConverter.DoubleToInt64Bits(value) < 0)
        {
            _text[length++] = (byte)'-';
            value = -value;
        }

        if (value == 0)
        {
            _text[length++] = (byte)'0';
            return length;
        }

        int point;
        int count = ShortDecimalDigits(value, _digits, out point);
        if (count == 0)
        {
            count = ShortestDigits(value, _digits, out point);
        }

        if (count <= point && point <= 21)
        {
            // Integer: digits then zeros.
            length = Digits(length, 0, count);
            length = Zeros(length, point - count);
        }
        else if (0 < point && point <= 21)
        {
            length = Digits(length, 0, point);
            _text[length++] = (byte)'.';
            length = Digits(length, point, count);
        }
        else if (-6 < point && point <= 0)
        {
            _text[length++] = (byte)'0';
            _text[length++] = (byte)'.';
            length = Zeros(length, -point);
            length = Digits(length, 0, count);
        }
        else
        {
            length = Digits(length, 0, 1);
            if (count > 1)
            {
                _text[length++] = (byte)'.';
                length = Digits(length, 1, count);
            }

            int exponent = point - 1;
            _text[length++] = (byte)'e';
            _text[length++] = exponent < 0 ? (byte)'-' : (byte)'+';
            if (exponent < 0)
            {
                exponent = -exponent;
            }

            if (exponent >= 100)
            {
                _text[length++] = (byte)('0' + (exponent / 100));
            }

            if (exponent >= 10)
            {
                _text[length++] = (byte)('0' + (exponent / 10 % 10));
            }

            _text[length++] = (byte)('0' + (exponent % 10));
        }

        return length;
    }

    private bool ReachesUpperEnd(bool inclusive)
    {
        _sum.CopyFrom(_r);
        _sum.Add(_mPlus);
        int high = BigNat.Compare(_sum, _s);
        return inclusive ? high >= 0 : high > 0;
    }

    private int Digits(int length, int from, int to)
    {
        for (int i = from; i < to; i++)
        {
            _text[length++] = (byte)('0' + _digits[i]);
        }

        return length;
    }

    private int Zeros(int length, int count)
    {
        for (int i = 0; i < count; i++)
        {
            _text[length++] = (byte)'0';
        }

        return length;
    }

    /// <summary>
    /// ceil(log10(value)) or one less, from the binary exponent alone (value is in [2^(e+len-1), 2^(e+len))).
    /// The small bias keeps an exact power of ten from rounding the estimate up; being one low is fixed later.
    /// </summary>
    private static int EstimateDecimalExponent(ulong f, int e)
    {
        int bitLength = 0;
        while (f != 0)
        {
            f >>= 1;
            bitLength++;
        }

        double estimate = ((e + bitLength - 1) * 0.30102999566398119521) - 1e-10;
        int k = (int)estimate;
        if (estimate > 0 && estimate != k)
        {
            k++;
        }

        return k;
    }
}
