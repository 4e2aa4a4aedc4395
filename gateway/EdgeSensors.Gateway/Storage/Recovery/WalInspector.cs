using System.Buffers.Binary;

namespace EdgeSensors.Gateway.Storage.Recovery;

/// <summary>
/// Reads a -wal file the way SQLite's recovery does (https://sqlite.org/fileformat.html, "The WAL File Format"), to
/// tell the operator what a power cut left behind. SQLite itself silently replays the valid commits and drops the
/// rest; this only reports it. Frames of an older WAL generation (other salts) are normal leftovers, not damage.
/// </summary>
internal static class WalInspector
{
    private const int HeaderBytes = 32;
    private const int FrameHeaderBytes = 24;
    private const uint MagicLittleEndian = 0x377f0682;
    private const uint MagicBigEndian = 0x377f0683;

    /// <summary>Inspects <paramref name="walPath"/>; null when there is no WAL or it is empty.</summary>
    public static WalInspection? Inspect(string walPath)
    {
        if (!File.Exists(walPath))
        {
            return null;
        }

        byte[] wal = File.ReadAllBytes(walPath);
        if (wal.Length == 0)
        {
            return null;
        }

        if (wal.Length < HeaderBytes)
        {
            return new WalInspection(wal.Length, false, 0, 0, false);
        }

        uint magic = BinaryPrimitives.ReadUInt32BigEndian(wal);
        int pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(8));
        if ((magic != MagicLittleEndian && magic != MagicBigEndian) || pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) != 0)
        {
            return new WalInspection(wal.Length, false, 0, 0, false);
        }

        bool bigEndian = magic == MagicBigEndian;
        uint s0 = 0, s1 = 0;
        Checksum(wal.AsSpan(0, 24), bigEndian, ref s0, ref s1);
        if (s0 != BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(24)) || s1 != BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(28)))
        {
            return new WalInspection(wal.Length, false, 0, 0, false);
        }

        uint salt1 = BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(16));
        uint salt2 = BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(20));
        int frameBytes = FrameHeaderBytes + pageSize;
        long valid = 0, committed = 0;
        bool torn = false;
        for (int offset = HeaderBytes; offset < wal.Length; offset += frameBytes)
        {
            var frame = wal.AsSpan(offset);
            bool currentGeneration = frame.Length >= 16
                && BinaryPrimitives.ReadUInt32BigEndian(frame[8..]) == salt1
                && BinaryPrimitives.ReadUInt32BigEndian(frame[12..]) == salt2;
            if (!currentGeneration)
            {
                break; // leftovers of an older generation: SQLite stops here too
            }

            if (frame.Length < frameBytes)
            {
                torn = true;
                break;
            }

            Checksum(frame[..8], bigEndian, ref s0, ref s1);
            Checksum(frame.Slice(FrameHeaderBytes, pageSize), bigEndian, ref s0, ref s1);
            if (s0 != BinaryPrimitives.ReadUInt32BigEndian(frame[16..]) || s1 != BinaryPrimitives.ReadUInt32BigEndian(frame[20..]))
            {
                torn = true;
                break;
            }

            valid++;
            if (BinaryPrimitives.ReadUInt32BigEndian(frame[4..]) != 0)
            {
                committed = valid; // a commit frame carries the database size after the commit
            }
        }

        return new WalInspection(wal.Length, true, committed, valid - committed, torn);
    }

    /// <summary>SQLite's WAL checksum: pairs of 32-bit words in the byte order the magic number names.</summary>
    private static void Checksum(ReadOnlySpan<byte> data, bool bigEndian, ref uint s0, ref uint s1)
    {
        for (int i = 0; i + 8 <= data.Length; i += 8)
        {
            uint x0 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[i..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
            uint x1 = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(data[(i + 4)..]) : BinaryPrimitives.ReadUInt32LittleEndian(data[(i + 4)..]);
            unchecked
            {
                s0 += x0 + s1;
                s1 += x1 + s0;
            }
        }
    }
}
