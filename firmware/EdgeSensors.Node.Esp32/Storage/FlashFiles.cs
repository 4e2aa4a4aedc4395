using System.IO;

namespace EdgeSensors.Node.Esp32.Storage;

/// <summary>Whole-file reads on I:\ through FileStream (File.ReadAllBytes is missing from older System.IO.FileSystem packages).</summary>
internal static class FlashFiles
{
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    public static byte[] ReadAll(string path)
    {
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Read))
        {
            var bytes = new byte[(int)file.Length];
            int total = 0;
            while (total < bytes.Length)
            {
                int read = file.Read(bytes, total, bytes.Length - total);
                if (read <= 0)
                {
                    throw new IOException(path + " ended after " + total.ToString() + " of " + bytes.Length.ToString() + " bytes");
                }

                total += read;
            }

            return bytes;
        }
    }
}
