using System;

namespace EdgeSensors.Modbus.Decoding;

/// <summary>
/// The inverse of <see cref="RegisterDecoder"/>: used by the simulator to serve values and by writes.
/// Integer types truncate toward zero and wrap like a C cast; callers clamp to the range they want.
/// </summary>
public static class RegisterEncoder
{
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
                bits = (ushort)(long)value;
                break;
            case DataType.UInt32:
            case DataType.Int32:
                bits = (uint)(long)value;
                break;
            case DataType.Float32:
                bits = FloatBits.FromDouble(value);
                break;
            case DataType.UInt64:
                bits = value < 0 ? (ulong)(long)value : (ulong)value;
                break;
            case DataType.Int64:
                bits = (ulong)(long)value;
                break;
            default:
                bits = (ulong)BitConverter.DoubleToInt64Bits(value);
                break;
        }

        WriteBits(bits, registers, index, DataTypes.RegisterCount(type), order);
    }
}
