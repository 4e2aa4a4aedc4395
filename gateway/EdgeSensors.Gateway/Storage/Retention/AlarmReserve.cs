namespace EdgeSensors.Gateway.Storage.Retention;

/// <summary>
/// Space held back for alarm events: queue.reserve, a file of zeros written (really allocated, not sparse) beside
/// queue.db. When the filesystem is 100 % full, SQLite cannot write even the WAL frames of a delete, so nothing can
/// be stored; deleting this file gives that space back, and the queue then stores only alarm events in it until the
/// disk has room again and the reserve is written anew.
/// </summary>
internal sealed class AlarmReserve(string directory)
{
    public const string FileName = "queue.reserve";

    /// <summary>Enough WAL for a few dozen single-alarm commits (each writes a handful of 4 KiB pages).</summary>
    public const long Bytes = 512 * 1024;

    private readonly string _path = Path.Combine(directory, FileName);

    public bool IsArmed => new FileInfo(_path) is { Exists: true, Length: Bytes };

    /// <summary>Bytes free on the reserve's filesystem for this user, or null when that cannot be read.</summary>
    public long? FreeBytes()
    {
        try
        {
            return new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
        }
        catch (Exception exception) when (exception is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Writes the reserve when it is missing; false (and no partial file left) when the disk refuses.</summary>
    public bool TryArm()
    {
        if (IsArmed)
        {
            return true;
        }

        string temporary = _path + ".tmp";
        try
        {
            using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                var zeros = new byte[64 * 1024];
                for (long written = 0; written < Bytes; written += zeros.Length)
                {
                    file.Write(zeros);
                }

                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, _path, overwrite: true);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentOutOfRangeException)
        {
            // ArgumentOutOfRangeException is how .NET reports EFBIG (a file size limit).
            TryDelete(temporary);
            return false;
        }
    }

    /// <summary>Deletes the reserve, giving its space to the filesystem; false when there was none.</summary>
    public bool Release() => IsArmed && TryDelete(_path);

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
