using Microsoft.Data.Sqlite;

namespace EdgeSensors.Gateway.Storage.Sqlite;

/// <summary>Opens queue.db connections with the pragmas the queue relies on.</summary>
internal static class QueueConnection
{
    /// <summary>Size the WAL file is trimmed back to after a checkpoint, in bytes.</summary>
    private const long JournalSizeLimitBytes = 4 * 1024 * 1024;

    /// <summary>
    /// Opens (creating if needed) a connection in WAL mode. Pooling is off so that closing really closes the file:
    /// recovery moves files around and a pooled handle would keep the old inode open.
    /// </summary>
    public static SqliteConnection Open(string path, SynchronousMode synchronous, long maxFileBytes, bool autoCheckpoint = true)
    {
        var connection = new SqliteConnection(ConnectionString(path, SqliteOpenMode.ReadWriteCreate));
        try
        {
            connection.Open();
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "PRAGMA synchronous=" + (synchronous == SynchronousMode.Full ? "FULL" : "NORMAL") + ";");
            Execute(connection, "PRAGMA journal_size_limit=" + JournalSizeLimitBytes + ";");
            if (!autoCheckpoint)
            {
                Execute(connection, "PRAGMA wal_autocheckpoint=0;"); // a WalCheckpointer does it off the commit path
            }

            if (maxFileBytes > 0)
            {
                long pageSize = Scalar(connection, "PRAGMA page_size;");
                Execute(connection, "PRAGMA max_page_count=" + Math.Max(1, maxFileBytes / pageSize) + ";");
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Pooling = false,
        Cache = SqliteCacheMode.Private,
    }.ToString();

    public static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    public static long Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        object? value = command.ExecuteScalar();
        return value is null or DBNull ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Files SQLite keeps beside a database in WAL mode.</summary>
    public static string WalPath(string databasePath) => databasePath + "-wal";

    public static string ShmPath(string databasePath) => databasePath + "-shm";
}
