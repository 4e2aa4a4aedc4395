using Microsoft.Data.Sqlite;

namespace EdgeSensors.Gateway.Storage.Sqlite;

/// <summary>What kind of storage failure an exception from SQLite or the filesystem is.</summary>
internal enum SqliteFailureKind
{
    /// <summary>Not a storage failure we handle: a bug, let it surface.</summary>
    Other,

    /// <summary>SQLITE_FULL, ENOSPC, or the max_page_count cap.</summary>
    DiskFull,

    /// <summary>SQLITE_CORRUPT or SQLITE_NOTADB, or a segment row failing its checksum: the file is damaged.</summary>
    Corrupt,

    /// <summary>SQLITE_IOERR, SQLITE_CANTOPEN or an IOException: the medium failed a read or write.</summary>
    IoError,
}

/// <summary>Classifies exceptions by SQLite result code (https://sqlite.org/rescode.html).</summary>
internal static class SqliteFailure
{
    private const int SqliteIoErr = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADb = 26;
    private const int LinuxEnospc = 28;
    private const int WindowsDiskFull = 0x70;
    private const int WindowsHandleDiskFull = 0x27;

    public static SqliteFailureKind Classify(Exception exception) => exception switch
    {
        SqliteException sqlite => sqlite.SqliteErrorCode switch
        {
            SqliteFull => SqliteFailureKind.DiskFull,
            SqliteCorrupt or SqliteNotADb => SqliteFailureKind.Corrupt,
            SqliteIoErr or SqliteCantOpen => SqliteFailureKind.IoError,
            _ => SqliteFailureKind.Other,
        },
        Segments.SegmentDamagedException => SqliteFailureKind.Corrupt,
        IOException io when IsOutOfSpace(io) => SqliteFailureKind.DiskFull,
        IOException => SqliteFailureKind.IoError,
        UnauthorizedAccessException => SqliteFailureKind.IoError,
        _ => SqliteFailureKind.Other,
    };

    /// <summary>One line for logs: the SQLite code and message, or the IO message.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        SqliteException sqlite => "SQLite error " + sqlite.SqliteErrorCode + "/" + sqlite.SqliteExtendedErrorCode + ": " + sqlite.Message,
        _ => exception.GetType().Name + ": " + exception.Message,
    };

    private static bool IsOutOfSpace(IOException io)
    {
        // HResult carries errno on Unix (low 16 bits) and the Win32 error on Windows.
        int code = io.HResult & 0xFFFF;
        return code == LinuxEnospc || code == WindowsDiskFull || code == WindowsHandleDiskFull;
    }
}
