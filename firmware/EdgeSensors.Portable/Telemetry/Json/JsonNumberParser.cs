using System;

namespace EdgeSensors.Telemetry.Json;

/// <summary>The outcome of reading one JSON number.</summary>
public enum JsonNumberStatus
{
    Ok = 0,

    /// <summary>The text is not a JSON number (RFC 8259 section 6: no '+', no leading zeros, no bare '.', digits after 'e').</summary>
    Malformed,

    /// <summary>The number is beyond the largest finite double (about 1.8e308).</summary>
    OutOfRange,
}

/// <summary>
/// Reads a JSON number into the nearest double, rounding half to even, exactly for any input: numbers the
/// fast path cannot settle are compared as big integers. It does not use double.Parse, whose nanoFramework
/// version is native code with no stated rounding, so consumers on either runtime decode the same bits.
/// One instance owns its scratch numbers (about 2 KB); it is not thread-safe.
/// </summary>
public sealed class JsonNumberParser
{
    /// <summary>
    /// Significant digits kept; the rest only count as "something non-zero follows". A midpoint between two
    /// doubles has at most 767 significant digits, so keeping 800 and a sticky digit never changes the rounding.
    /// </summary>
    private const int KeptDigits = 800;

    // 801 digits over 10^1124 (the smallest exponent that can still round up to a subnormal), shifted 54 bits.
    private const int Limbs = 124;

    private readonly byte[] _digits = new byte[KeptDigits + 1];
    private readonly BigNat _numerator = new BigNat(Limbs);
    private readonly BigNat _denominator = new BigNat(Limbs);

    /// <summary>
    /// Reads the number that starts at text[start] and ends at or before <paramref name="end"/>. On success
    /// <paramref name="next"/> is the index after the number. On Malformed, <paramref name="next"/> is the offending index.
    /// </summary>
    public JsonNumberStatus Parse(byte[] text, int start, int end, out double value, out int next)
    {
        value = 0;
        int p = start;
        bool negative = p < end && text[p] == '-';
        if (negative)
        {
            p++;
        }

        int count = 0;
        bool sticky = false;
        long exponent = 0;
        if (p < end && text[p] == '0')
        {
            p++;
        }
        else if (p < end && IsDigit(text[p]))
        {
            while (p < end && IsDigit(text[p]))
            {
                int digit = text[p++] - '0';
                if (count < KeptDigits)
                {
                    _digits[count++] = (byte)digit;
                }
                else
                {
                    sticky |= digit != 0;
                    exponent++;
                }
            }
        }
        else
        {
            next = p;
            return JsonNumberStatus.Malformed;
        }

        if (p < end && text[p] == '.')
        {
            p++;
            if (p >= end || !IsDigit(text[p]))
            {
                next = p;
                return JsonNumberStatus.Malformed;
            }

            while (p < end && IsDigit(text[p]))
            {
                int digit = text[p++] - '0';
                if (count == 0 && digit == 0)
                {
                    exponent--;
                }
                else if (count < KeptDigits)
                {
                    _digits[count++] = (byte)digit;
                    exponent--;
                }
                else
                {
                    sticky |= digit != 0;
                }
            }
        }

        if (p < end && (text[p] == 'e' || text[p] == 'E'))
        {
            p++;
            bool negativeExponent = false;
            if (p < end && (text[p] == '+' || text[p] == '-'))
            {
                negativeExponent = text[p] == '-';
                p++;
            }

            if (p >= end || !IsDigit(text[p]))
            {
                next = p;
                return JsonNumberStatus.Malformed;
            }

            long written = 0;
            while (p < end && IsDigit(text[p]))
            {
                // Saturate: past a billion the result is infinity or zero whatever the digits say.
                if (written < 1000000000L)
                {
                    written = (written * 10) + (text[p] - '0');
                }

                p++;
            }

            exponent += negativeExponent ? -written : written;
        }

        next = p;
        if (sticky)
        {
            _digits[count++] = 1;
            exponent--;
        }

        while (count > 0 && _digits[count - 1] == 0)
        {
            count--;
            exponent++;
        }

        // value = digits x 10^exponent, and 10^(count - 1 + exponent) <= value < 10^(count + exponent).
        if (count == 0 || count + exponent < -323)
        {
            // Below 1e-324, under half the smallest subnormal (4.9e-324): rounds to zero.
            value = negative ? -0.0 : 0.0;
            return JsonNumberStatus.Ok;
        }

        if (count + exponent > 309)
        {
            return JsonNumberStatus.OutOfRange;
        }

        return Convert(count, (int)exponent, negative, out value);
    }

    private JsonNumberStatus Convert(int count, int exponent, bool negative, out double value)
    {
        value = 0;
        _numerator.SetUInt64(0);
        for (int i = 0; i < count; i++)
        {
            _numerator.MultiplyAdd(10, _digits[i]);
        }

        _denominator.SetUInt64(1);
        if (exponent >= 0)
        {
            _numerator.MultiplyPow10(exponent);
        }
        else
        {
            _denominator.MultiplyPow10(-exponent);
        }

        // Scale so that the quotient has 54 or 55 bits: value = (q + remainder) x 2^-shift.
        int shift = 54 - (_numerator.BitLength - _denominator.BitLength);
        if (shift > 0)
        {
            _numerator.ShiftLeft(shift);
        }
        else
        {
            _denominator.ShiftLeft(-shift);
        }

        ulong quotient = 0;
        _denominator.ShiftLeft(54);
        for (int bit = 54; bit >= 0; bit--)
        {
            if (BigNat.Compare(_numerator, _denominator) >= 0)
            {
                _numerator.Subtract(_denominator);
                quotient |= 1UL << bit;
            }

            _denominator.ShiftRightOne();
        }

        bool remainder = !_numerator.IsZero;
        int quotientBits = 0;
        for (ulong q = quotient; q != 0; q >>= 1)
        {
            quotientBits++;
        }

        // Keep 53 bits, or fewer where the result is subnormal (its last bit weighs 2^-1074).
        int drop = quotientBits - 53;
        int lowestExponent = drop - shift;
        if (lowestExponent < -1074)
        {
            drop += -1074 - lowestExponent;
            lowestExponent = -1074;
        }

        ulong mantissa = 0;
        if (drop < 64)
        {
            mantissa = quotient >> drop;
            ulong dropped = quotient & ((1UL << drop) - 1);
            ulong half = 1UL << (drop - 1);
            if (dropped > half || (dropped == half && (remainder || (mantissa & 1) == 1)))
            {
                mantissa++;
                if (mantissa == 1UL << 53)
                {
                    mantissa >>= 1;
                    lowestExponent++;
                }
            }
        }

        long bits;
        if (mantissa >= 1UL << 52)
        {
            long biased = lowestExponent + 52 + 1023;
            if (biased >= 0x7FF)
            {
                return JsonNumberStatus.OutOfRange;
            }

            bits = (biased << 52) | (long)(mantissa & 0xFFFFFFFFFFFFFUL);
        }
        else
        {
            bits = (long)mantissa;
        }

        if (negative)
        {
            bits |= long.MinValue;
        }

        value = BitConverter.Int64BitsToDouble(bits);
        return JsonNumberStatus.Ok;
    }

    private static bool IsDigit(byte b)
    {
        return b >= '0' && b <= '9';
    }
}
