namespace EdgeSensors.Node.Persistence;

/// <summary>
/// A file of fixed-size records on flash. The device maps it to a FileStream on nanoFramework's I:\ (LittleFS); the
/// host runner to an ordinary file; tests to a byte array that can tear a write. Calls are short (one record).
/// </summary>
public interface IRecordFile
{
    /// <summary>Reads up to <paramref name="count"/> bytes at <paramref name="position"/>; returns how many there were (0 past the end).</summary>
    int Read(long position, byte[] buffer, int offset, int count);

    /// <summary>Writes the bytes at <paramref name="position"/> (growing the file as needed) and flushes them; false on failure.</summary>
    bool Write(long position, byte[] buffer, int offset, int count);
}
