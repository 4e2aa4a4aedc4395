namespace EdgeSensors.Config.Hashing;

/// <summary>
/// CRC-32 as in IEEE 802.3, zlib and PNG (reflected polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF;
/// "123456789" gives 0xCBF43926). It catches transfer damage cheaply before the HMAC is checked; it is no protection
/// against a forger, which is the HMAC's job.
/// </summary>
public static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>The CRC-32 of data[offset..offset+count).</summary>
    public static uint Compute(byte[] data, int offset, int count)
    {
        uint crc = 0xFFFFFFFF;
        int end = offset + count;
        for (int i = offset; i < end; i++)
        {
            crc = (crc >> 8) ^ Table[(crc ^ data[i]) & 0xFF];
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint value = i;
            for (int bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ 0xEDB88320 : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}
