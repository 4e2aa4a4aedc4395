using System;

namespace EdgeSensors.Modbus.Decoding;

/// <summary>
/// IEEE 754 single-precision conversions done on integers. nanoFramework's BitConverter has no
/// Int32BitsToSingle, and going through a byte[] would allocate per value, so this widens float32 bits to
/// float64 bits exactly and lets <see cref="BitConverter.Int64BitsToDouble"/> finish the job.
/// </summary>
public static class FloatBits
{
    public static double ToDouble(uint bits)
    {
        ulong sign = (ulong)(bits >> 31) << 63;
        int exponent = (int)((bits >> 23) & 0xFF);
        ulong mantissa = bits & 0x7FFFFF;
        if (exponent == 0xFF)
        {
            // Infinity or NaN; keep the payload so a NaN stays a NaN.
            return BitConverter.Int64BitsToDouble((long)(sign | (0x7FFUL << 52) | (mantissa << 29)));
        }

        if (exponent == 0)
        {
            if (mantissa == 0)
            {
                return BitConverter.Int64BitsToDouble((long)sign);
            }

            // Subnormal float32: normalise, since every float32 subnormal is a normal float64.
            int e = -126;
            while ((mantissa & 0x800000) == 0)
            {
                mantissa <<= 1;
                e--;
            }

            mantissa &= 0x7FFFFF;
            return BitConverter.Int64BitsToDouble((long)(sign | ((ulong)(e + 1023) << 52) | (mantissa << 29)));
        }

        return BitConverter.Int64BitsToDouble((long)(sign | ((ulong)(exponent - 127 + 1023) << 52) | (mantissa << 29)));
    }

    /// <summary>The float32 bit pattern of <paramref name="value"/> rounded to single precision.</summary>
    public static uint FromDouble(double value)
    {
        // The cast rounds to nearest-even exactly as the hardware does; widening back is exact.
        float single = (float)value;
        double widened = single;
        ulong bits = (ulong)BitConverter.DoubleToInt64Bits(widened);
        uint sign = (uint)(bits >> 63) << 31;
        int exponent = (int)((bits >> 52) & 0x7FF);
        ulong mantissa = bits & 0xFFFFFFFFFFFFFUL;
        if (exponent == 0x7FF)
        {
            uint payload = (uint)(mantissa >> 29);
            if (mantissa != 0 && payload == 0)
            {
                payload = 0x400000;
            }

            return sign | 0x7F800000u | payload;
        }

        if (exponent == 0)
        {
            return sign;
        }

        int e = exponent - 1023;
        if (e < -126)
        {
            // Subnormal in float32: shift the implicit 1 in.
            int shift = -126 - e;
            if (shift > 24)
            {
                return sign;
            }

            ulong full = (mantissa | 0x10000000000000UL) >> 29;
            return sign | (uint)(full >> shift);
        }

        return sign | ((uint)(e + 127) << 23) | (uint)(mantissa >> 29);
    }
}
