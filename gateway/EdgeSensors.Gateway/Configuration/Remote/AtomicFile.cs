namespace EdgeSensors.Gateway.Configuration.Remote;

/// <summary>Replaces a file so that a reader (or a power cut) sees the old content or the new, never half of it.</summary>
internal static class AtomicFile
{
    public static void Write(string path, byte[] content)
    {
        string temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
