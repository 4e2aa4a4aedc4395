namespace EdgeSensors.Portable.Tests.Support;

/// <summary>
/// CRC-16/MODBUS computed bit by bit exactly as the Modbus serial-line spec (6.2.2) describes it, with no
/// table, so the production table-driven code is checked against an independent implementation.
/// </summary>
internal static class ReferenceCrc
{
    public static ushort Compute(byte[] data, int offset, int count)
    {
        int crc = 0xFFFF;
        for (int i = offset; i < offset + count; i++)
        {
            crc ^= data[i];
            for (int bit = 0; bit < 8; bit++)
            {
                bool lsb = (crc & 1) != 0;
                crc >>= 1;
                if (lsb)
                {
                    crc ^= 0xA001;
                }
            }
        }

        return (ushort)crc;
    }
}
