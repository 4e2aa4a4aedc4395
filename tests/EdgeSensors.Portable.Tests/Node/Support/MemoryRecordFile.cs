using EdgeSensors.Node.Persistence;

namespace EdgeSensors.Portable.Tests.Node.Support;

/// <summary>A record file in memory that survives a "reboot" (a new store over the same bytes) and can tear a write.</summary>
internal sealed class MemoryRecordFile : IRecordFile
{
    private byte[] _bytes = [];

    public int Writes { get; private set; }

    /// <summary>When set, the next write stores only this many bytes (a power cut in the middle of it), then clears.</summary>
    public int? TearNextWriteAfter { get; set; }

    public byte[] Bytes => _bytes;

    public int Read(long position, byte[] buffer, int offset, int count)
    {
        int n = (int)Math.Max(0, Math.Min(count, _bytes.Length - position));
        if (n == 0)
        {
            return 0;
        }

        Array.Copy(_bytes, position, buffer, offset, n);
        return n;
    }

    public bool Write(long position, byte[] buffer, int offset, int count)
    {
        Writes++;
        if (position + count > _bytes.Length)
        {
            Array.Resize(ref _bytes, (int)(position + count));
        }

        int n = TearNextWriteAfter ?? count;
        TearNextWriteAfter = null;
        Array.Copy(buffer, offset, _bytes, position, n);
        return true;
    }
}
