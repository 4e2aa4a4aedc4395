using Microsoft.Data.Sqlite;

namespace EdgeSensors.Gateway.Storage.Sqlite;

/// <summary>
/// Copies the WAL into queue.db on its own thread and connection (PRAGMA wal_checkpoint(PASSIVE), which never waits
/// for the writer), so an append never pays for a checkpoint. With SQLite's automatic checkpoint the commit that
/// crossed 1000 WAL pages copied about 4 MB and fsynced queue.db itself: the 70-470 ms commits seen under load
/// (docs/benchmarks.md, benchmark 5). Failures (a full disk, a busy file) are left to the next round and to the queue's
/// own handling, which still checkpoints and truncates the WAL itself on a full disk.
/// </summary>
internal sealed class WalCheckpointer : IDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(250);

    private readonly string _path;
    private readonly Thread _thread;
    private readonly ManualResetEventSlim _stop = new();

    public WalCheckpointer(string path)
    {
        _path = path;
        _thread = new Thread(Run) { IsBackground = true, Name = "queue WAL checkpoint" };
        _thread.Start();
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }

    private void Run()
    {
        SqliteConnection? connection = null;
        try
        {
            while (!_stop.Wait(Period))
            {
                try
                {
                    if (connection is null)
                    {
                        connection = new SqliteConnection(QueueConnection.ConnectionString(_path, SqliteOpenMode.ReadWrite));
                        connection.Open();
                    }

                    QueueConnection.Execute(connection, "PRAGMA wal_checkpoint(PASSIVE);");
                }
                catch (SqliteException)
                {
                    // Busy, full or failing: the next round tries again; the queue reports real failures itself.
                    connection?.Dispose();
                    connection = null;
                }
            }
        }
        finally
        {
            connection?.Dispose(); // closed before the queue's own connection, which then removes the WAL
        }
    }
}
