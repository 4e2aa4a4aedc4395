using EdgeSensors.Node.Persistence;

namespace EdgeSensors.Node.Host.Adapters;

/// <summary>The flash record file as an ordinary file, flushed to disk on every write (as LittleFS commits on close/flush).</summary>
public sealed class FileRecordFile : IRecordFile, IDisposable
{
    private readonly FileStream _file;

    public FileRecordFile(string path)
    {
        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
    }

    public int Read(long position, byte[] buffer, int offset, int count)
    {
        if (position >= _file.Length)
        {
            return 0;
        }

        _file.Position = position;
        int total = 0;
        int n;
        while (total < count && (n = _file.Read(buffer, offset + total, count - total)) > 0)
        {
            total += n;
        }

        return total;
    }

    public bool Write(long position, byte[] buffer, int offset, int count)
    {
        try
        {
            _file.Position = position;
            _file.Write(buffer, offset, count);
            _file.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    public void Dispose() => _file.Dispose();
}
