using System;

namespace EdgeSensors.Modbus.Decoding;

/// <summary>
/// Turns raw registers into numbers. Static and allocation-free: it reads straight from the response's
/// register array, so decoding a poll costs no garbage on the ESP32 or the gateway.
/// </summary>
public static class RegisterDecoder
{
    /// <summary>
    /// Assembles <paramref name="registerCount"/> registers (1, 2 or 4) into a big-endian bit pattern
    /// (byte A most significant), undoing the word order.
    /// </summary>
    public static ulong ReadBits(ushort[] registers, int index, int registerCount, WordOrder order)
    {
        bool swapWords = order == WordOrder.CDAB || order == WordOrder.DCBA;
        bool swapBytes = order == WordOrder.BADC || order == WordOrder.DCBA;
        ulong bits = 0;
        for (int i = 0; i < registerCount; i++)
        {
            ushort word = registers[index + (swapWords ? registerCount - 1 - i : i)];
            if (swapBytes)
            {
                word = (ushort)((word >> 8) | (word << 8));
            }

            bits = (bits << 16) | word;
        }

        return bits;
    }

    /// <summary>Decodes one value as a double. Integers up to 2^53 are exact.</summary>
    public static double Decode(ushort[] registers, int index, DataType type, WordOrder order)
    {
        switch (type)
        {
            case DataType.UInt16:
                return (ushort)ReadBits(registers, index, 1, order);
            case DataType.Int16:
                return (short)(ushort)ReadBits(registers, index, 1, order);
            case DataType.UInt32:
                return (uint)ReadBits(registers, index, 2, order);
            case DataType.Int32:
                return (int)(uint)ReadBits(registers, index, 2, order);
            case DataType.Float32:
                return FloatBits.ToDouble((uint)ReadBits(registers, index, 2, order));
            case DataType.UInt64:
                return ReadBits(registers, index, 4, order);
            case DataType.Int64:
                return (long)ReadBits(registers, index, 4, order);
            default:
                return BitConverter.Int64BitsToDouble((long)ReadBits(registers, index, 4, order));
        }
    }

    /// <summary>Decodes a 64-bit integer without going through double, for counters beyond 2^53.</summary>
    public static long DecodeInt64(ushort[] registers, int index, WordOrder order)
    {
        return (long)ReadBits(registers, index, 4, order);
    }
}
