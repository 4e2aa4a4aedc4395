// Declarations only: nanoFramework.System.IO.Streams (Stream, SeekOrigin), nanoFramework.System.IO.FileSystem
// (1.1.x: FileStream.cs, File.cs, Directory.cs, Path.cs) and nanoFramework.System.Text (Encoding) as far as the device
// adapters use them. Bodies throw; the device links the real packages.
#nullable disable
namespace System.IO
{
    public enum SeekOrigin { Begin, Current, End }

    public enum FileMode { CreateNew = 1, Create, Open, OpenOrCreate, Truncate, Append }

    [Flags]
    public enum FileAccess { Read = 1, Write = 2, ReadWrite = 3 }

    public abstract class Stream : IDisposable
    {
        public abstract long Length { get; }

        public abstract int Read(byte[] buffer, int offset, int count);

        public abstract void Write(byte[] buffer, int offset, int count);

        public abstract long Seek(long offset, SeekOrigin origin);

        public abstract void Flush();

        public void Dispose() => throw new NotImplementedException();
    }

    public class FileStream : Stream
    {
        public FileStream(string path, FileMode mode, FileAccess access) => throw new NotImplementedException();

        public override long Length => throw new NotImplementedException();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotImplementedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotImplementedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotImplementedException();

        public override void Flush() => throw new NotImplementedException();
    }

    public static class File
    {
        public static bool Exists(string path) => throw new NotImplementedException();

        public static void Delete(string path) => throw new NotImplementedException();

        public static void Move(string sourceFileName, string destFileName) => throw new NotImplementedException();
    }

    public static class Directory
    {
        public static bool Exists(string path) => throw new NotImplementedException();

        public static void CreateDirectory(string path) => throw new NotImplementedException();
    }

    public static class Path
    {
        public static string GetDirectoryName(string path) => throw new NotImplementedException();
    }
}

namespace System.Text
{
    public abstract class Encoding
    {
        public static Encoding UTF8 => throw new NotImplementedException();

        public abstract byte[] GetBytes(string s);

        public abstract string GetString(byte[] bytes, int index, int count);
    }
}
