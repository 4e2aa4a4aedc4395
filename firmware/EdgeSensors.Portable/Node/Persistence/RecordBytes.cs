using EdgeSensors.Modbus.Framing;

namespace EdgeSensors.Node.Persistence;

/// <summary>Big-endian field access and the CRC check shared by the flash records.</summary>
internal static class RecordBytes
{
    public static void WriteUInt32(byte[] buffer, int offset, uint value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }

    public static uint ReadUInt32(byte[] buffer, int offset)
    {
        return ((uint)buffer[offset] << 24) | ((uint)buffer[offset + 1] << 16) | ((uint)buffer[offset + 2] << 8) | buffer[offset + 3];
    }

    public static void WriteUInt64(byte[] buffer, int offset, ulong value)
    {
        WriteUInt32(buffer, offset, (uint)(value >> 32));
        WriteUInt32(buffer, offset + 4, (uint)value);
    }

    public static ulong ReadUInt64(byte[] buffer, int offset)
    {
        return ((ulong)ReadUInt32(buffer, offset) << 32) | ReadUInt32(buffer, offset + 4);
    }

    /// <summary>Seals a record: CRC-16/MODBUS of every byte before the last two, low byte first.</summary>
    public static void Seal(byte[] record, int length)
    {
        Crc16.Append(record, 0, length - 2);
    }

    /// <summary>True when the record's last two bytes are the CRC of the rest.</summary>
    public static bool IsIntact(byte[] record, int length)
    {
        return Crc16.Check(record, 0, length);
    }

    /// <summary>True when every byte is 0 or 0xFF: a slot never written (a fresh or erased file), not a damaged one.</summary>
    public static bool IsBlank(byte[] record, int length)
    {
        bool zeros = true;
        bool ones = true;
        for (int i = 0; i < length; i++)
        {
            zeros &= record[i] == 0;
            ones &= record[i] == 0xFF;
        }

        return zeros || ones;
    }
}
