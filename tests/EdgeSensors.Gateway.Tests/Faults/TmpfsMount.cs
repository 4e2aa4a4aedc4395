using System.Diagnostics;

namespace EdgeSensors.Gateway.Tests.Faults;

/// <summary>
/// A small real filesystem (tmpfs of a fixed size) mounted on a directory, so a disk fills up for real (ENOSPC from
/// the kernel). Needs root (CI runs as root); unmounted on dispose.
/// </summary>
internal sealed class TmpfsMount : IDisposable
{
    private TmpfsMount(string path) => Path = path;

    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/> on <paramref name="path"/>, or returns null and why not.</summary>
    public static TmpfsMount? TryMount(string path, long bytes, out string failure)
    {
        Directory.CreateDirectory(path);
        (int code, string text) = Run("mount", "-t", "tmpfs", "-o", "size=" + bytes, "tmpfs", path);
        failure = code == 0 ? string.Empty : $"mount -t tmpfs -o size={bytes} tmpfs {path} failed (exit {code}): {text.Trim()}; it needs root";
        return code == 0 ? new TmpfsMount(path) : null;
    }

    /// <summary>Writes <paramref name="file"/> until the filesystem refuses (ENOSPC); returns the bytes written.</summary>
    public static long Fill(string file)
    {
        long written = 0;
        using var stream = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (int chunk in new[] { 256 * 1024, 4096 })
        {
            byte[] block = new byte[chunk];
            try
            {
                while (true)
                {
                    stream.Write(block);
                    written += chunk;
                }
            }
            catch (IOException)
            {
                // Full at this chunk size; try the next, smaller one.
            }
        }

        return written;
    }

    public void Dispose()
    {
        (int code, string text) = Run("umount", Path);
        if (code != 0)
        {
            // Something still has a file open there; detach it now, the kernel frees it when that closes.
            (code, text) = Run("umount", "-l", Path);
        }

        Assert.True(code == 0, "umount " + Path + " failed: " + text);
    }

    private static (int Code, string Text) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        try
        {
            using Process process = Process.Start(start)!;
            string text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, text);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
