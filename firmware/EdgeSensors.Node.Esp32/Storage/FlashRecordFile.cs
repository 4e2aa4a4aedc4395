using System;
using System.IO;
using EdgeSensors.Node.Persistence;

namespace EdgeSensors.Node.Esp32.Storage;

/// <summary>
/// The core's record file on the internal flash drive I:\ (LittleFS on ESP32). nanoFramework's FileStream writes
/// through on every Write, so a record is on flash when Write returns; it cannot seek past the end, so a gap is filled
/// with zeros first (a zero record fails its CRC and is skipped, like a torn one).
/// </summary>
public sealed class FlashRecordFile : IRecordFile
{
    private readonly FileStream _file;
    private readonly byte[] _zeros = new byte[64];

    /// <exception cref="IOException">I:\ is not mounted or full; the message names the path.</exception>
    public FlashRecordFile(string path)
    {
        string? directory = Path.GetDirectoryName(path);
        if (directory != null && directory.Length > 0 && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
        }

        _file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
        FilePath = path;
    }

    public string FilePath { get; }

    /// <summary>Reads or writes that threw (flash worn or full), for the status message.</summary>
    public int Failures { get; private set; }

    public int Read(long position, byte[] buffer, int offset, int count)
    {
        try
        {
            long length = _file.Length;
            if (position >= length)
            {
                return 0;
            }

            if (position + count > length)
            {
                count = (int)(length - position);
            }

            _file.Seek(position, SeekOrigin.Begin);
            return _file.Read(buffer, offset, count);
        }
        catch (Exception)
        {
            Failures++;
            return 0;
        }
    }

    public bool Write(long position, byte[] buffer, int offset, int count)
    {
        try
        {
            long length = _file.Length;
            if (position > length)
            {
                _file.Seek(length, SeekOrigin.Begin);
                while (length < position)
                {
                    int gap = position - length < _zeros.Length ? (int)(position - length) : _zeros.Length;
                    _file.Write(_zeros, 0, gap);
                    length += gap;
                }
            }

            _file.Seek(position, SeekOrigin.Begin);
            _file.Write(buffer, offset, count);
            _file.Flush();
            return true;
        }
        catch (Exception)
        {
            Failures++;
            return false;
        }
    }
}
