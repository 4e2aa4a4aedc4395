using System.Buffers.Binary;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>Reads and damages a closed SQLite database file page by page (https://sqlite.org/fileformat.html).</summary>
internal static class DatabaseFile
{
    private const byte TableLeafPage = 0x0D;

    public static int PageSize(string path)
    {
        Span<byte> header = stackalloc byte[100];
        using var file = File.OpenRead(path);
        file.ReadExactly(header);
        int size = BinaryPrimitives.ReadUInt16BigEndian(header[16..]);
        return size == 1 ? 65536 : size;
    }

    /// <summary>1-based numbers of the table b-tree leaf pages (rows live there; page 1 carries the 100-byte file header first).</summary>
    public static List<int> TableLeafPages(string path)
    {
        int pageSize = PageSize(path);
        byte[] bytes = File.ReadAllBytes(path);
        var pages = new List<int>();
        for (int page = 2; page * pageSize <= bytes.Length; page++)
        {
            if (bytes[(page - 1) * pageSize] == TableLeafPage)
            {
                pages.Add(page);
            }
        }

        return pages;
    }

    /// <summary>Overwrites one page with pseudo-random bytes, as a failing flash cell or a misdirected write would.</summary>
    public static void Scramble(string path, int page)
    {
        int pageSize = PageSize(path);
        var garbage = new byte[pageSize];
        new Random(page).NextBytes(garbage);
        using var file = File.OpenWrite(path);
        file.Position = (long)(page - 1) * pageSize;
        file.Write(garbage);
    }

    public static void Overwrite(string path, long offset, byte[] bytes)
    {
        using var file = File.OpenWrite(path);
        file.Position = offset;
        file.Write(bytes);
    }
}
