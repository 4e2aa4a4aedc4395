using System.Buffers.Binary;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>Reads and damages a closed SQLite database file page by page (https://sqlite.org/fileformat.html).</summary>
internal static class DatabaseFile
{
    private const byte TableLeafPage = 0x0D;

    /// <summary>
    /// Copies the WAL into the main file and empties it, while the queue is open: so the pages to damage are in the file
    /// and no intact copy of them is left in the WAL for a reader to use. The queue's own checkpointer thread may be at
    /// work at that moment (the pragma then answers busy = 1), so it is asked again, a bounded number of times.
    /// </summary>
    public static void CheckpointAndEmptyWal(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        for (int attempt = 0; attempt < 100 && (long)command.ExecuteScalar()! != 0; attempt++)
        {
            Thread.Sleep(50);
        }

        Assert.Equal(0L, command.ExecuteScalar());
    }

    /// <summary>
    /// A write by another connection changes the WAL; SQLite drops a connection's whole page cache when it sees that at
    /// its next read, so a page damaged on disk is read from the file again, as after a power cut.
    /// </summary>
    public static void DropOtherConnectionsPageCache(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + path + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version = 7;";
        command.ExecuteNonQuery();
    }

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
