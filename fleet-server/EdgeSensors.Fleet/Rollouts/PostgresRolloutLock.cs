using EdgeSensors.Fleet.Rollouts.Engine;
using Npgsql;

namespace EdgeSensors.Fleet.Rollouts;

/// <summary>
/// The rollout engine's lock on PostgreSQL: a session-level advisory lock (pg_try_advisory_lock) held on a dedicated
/// connection for as long as this instance runs the engine. Another instance's try fails until this connection ends
/// (dispose, crash, or a network cut: PostgreSQL releases session locks when the session goes), so exactly one engine
/// runs among the instances on one database.
/// </summary>
public sealed class PostgresRolloutLock(string connectionString) : IRolloutLock
{
    /// <summary>The advisory lock key: fixed, so every instance of the fleet server contends for the same one.</summary>
    public const long Key = 0x45535F524F4C4C; // "ES_ROLL"

    private NpgsqlConnection? _connection;

    public async Task<bool> TryAcquireAsync(CancellationToken ct)
    {
        if (_connection is not null)
        {
            if (await StillHeldAsync(_connection, ct).ConfigureAwait(false))
            {
                return true;
            }

            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }

        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(ct).ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection);
        command.Parameters.AddWithValue("key", Key);
        if (await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is true)
        {
            _connection = connection;
            return true;
        }

        await connection.DisposeAsync().ConfigureAwait(false);
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            // Closing the session releases the lock; no explicit unlock needed.
            await _connection.DisposeAsync().ConfigureAwait(false);
            _connection = null;
        }
    }

    private static async Task<bool> StillHeldAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        try
        {
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted", connection);
            return await command.ExecuteScalarAsync(ct).ConfigureAwait(false) is long held && held > 0;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
