namespace EdgeSensors.Modbus.Framing;

/// <summary>CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF), table-driven. The low byte goes on the wire first.</summary>
public static class Crc16
{
    private static readonly ushort[] Table = BuildTable();

    public static ushort Compute(byte[] data, int offset, int count)
    {
        ushort crc = 0xFFFF;
        int end = offset + count;
        for (int i = offset; i < end; i++)
        {
            crc = (ushort)((crc >> 8) ^ Table[(crc ^ data[i]) & 0xFF]);
        }

        return crc;
    }

    /// <summary>True when the last two bytes of the frame are the CRC of the bytes before them.</summary>
    public static bool Check(byte[] frame, int offset, int length)
    {
        if (length < 3)
        {
            return false;
        }

        ushort crc = Compute(frame, offset, length - 2);
        int lo = frame[offset + length - 2];
        int hi = frame[offset + length - 1];
        return crc == (ushort)(lo | (hi << 8));
    }

    /// <summary>Writes the CRC of buffer[offset..offset+count) right after it, low byte first.</summary>
    public static void Append(byte[] buffer, int offset, int count)
    {
        ushort crc = Compute(buffer, offset, count);
        buffer[offset + count] = (byte)(crc & 0xFF);
        buffer[offset + count + 1] = (byte)(crc >> 8);
    }

    private static ushort[] BuildTable()
    {
        var table = new ushort[256];
        for (int i = 0; i < 256; i++)
        {
            ushort value = (ushort)i;
            for (int bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (ushort)((value >> 1) ^ 0xA001) : (ushort)(value >> 1);
            }

            table[i] = value;
        }

        return table;
    }
}
