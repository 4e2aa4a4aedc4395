using System;

namespace EdgeSensors.Modbus.Decoding;

/// <summary>
/// The inverse of <see cref="RegisterDecoder"/>: used by the simulator to serve values and by writes.
/// Integer types truncate toward zero and then wrap modulo 2^bits like a C cast (two's complement), so -1
/// encodes as 0xFFFF for UInt16 and, by the same rule, as 0xFFFF_FFFF_FFFF_FFFF for UInt64: read back as
/// Int64 it is -1 again, read back as UInt64 it is 2^64 - 1. Wrapping rather than clamping keeps every
/// integer width alike. NaN encodes as 0 and values beyond the 64-bit range saturate, so the gateway and a
/// device (where an out-of-range cast is undefined) produce the same registers. Callers clamp to the range
/// they want first.
/// </summary>
public static class RegisterEncoder
{
    private const double TwoPow63 = 9223372036854775808d;
    private const double TwoPow64 = 18446744073709551616d;

    public static void WriteBits(ulong bits, ushort[] registers, int index, int registerCount, WordOrder order)
    {
        bool swapWords = order == WordOrder.CDAB || order == WordOrder.DCBA;
        bool swapBytes = order == WordOrder.BADC || order == WordOrder.DCBA;
        for (int i = registerCount - 1; i >= 0; i--)
        {
            ushort word = (ushort)bits;
            bits >>= 16;
            if (swapBytes)
            {
                word = (ushort)((word >> 8) | (word << 8));
            }

            registers[index + (swapWords ? registerCount - 1 - i : i)] = word;
        }
    }

    public static void Encode(double value, DataType type, WordOrder order, ushort[] registers, int index)
    {
        ulong bits;
        switch (type)
        {
            case DataType.UInt16:
            case DataType.Int16:
                bits = (ushort)IntegerBits(value, false);
                break;
            case DataType.UInt32:
            case DataType.Int32:
                bits = (uint)IntegerBits(value, false);
                break;
            case DataType.Float32:
                bits = FloatBits.FromDouble(value);
                break;
            case DataType.UInt64:
                bits = IntegerBits(value, true);
                break;
            case DataType.Int64:
                bits = IntegerBits(value, false);
                break;
            default:
                bits = (ulong)BitConverter.DoubleToInt64Bits(value);
                break;
        }

        WriteBits(bits, registers, index, DataTypes.RegisterCount(type), order);
    }

    /// <summary>The 64-bit two's complement pattern of <paramref name="value"/> truncated toward zero.</summary>
    /// <param name="value">The value to convert.</param>
    /// <param name="unsigned64">True for UInt64, whose range reaches 2^64 - 1 instead of 2^63 - 1.</param>
    private static ulong IntegerBits(double value, bool unsigned64)
    {
        if (double.IsNaN(value))
        {
            return 0;
        }

        if (value >= TwoPow63)
        {
            if (!unsigned64)
            {
                return long.MaxValue;
            }

            return value < TwoPow64 ? (ulong)value : ulong.MaxValue;
        }

        if (value < -TwoPow63)
        {
            return unchecked((ulong)long.MinValue);
        }

        return unchecked((ulong)(long)value);
    }
}
