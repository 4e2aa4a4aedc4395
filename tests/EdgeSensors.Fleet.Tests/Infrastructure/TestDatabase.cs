using EdgeSensors.Fleet.Data;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace EdgeSensors.Fleet.Tests.Infrastructure;

/// <summary>
/// A fresh, empty database for one test class: a SQLite file in a temp folder, or a new database on the PostgreSQL
/// server named by EDGESENSORS_TEST_PG (tests/run-all.sh starts one). Dropped again on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _sqliteDirectory;
    private readonly string? _postgresName;

    private TestDatabase(DatabaseProvider provider, string connectionString, string? sqliteDirectory, string? postgresName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _sqliteDirectory = sqliteDirectory;
        _postgresName = postgresName;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Sqlite)
        {
            var directory = Path.Combine(Path.GetTempPath(), "edgesensors-fleet-tests", Guid.NewGuid().ToString("N"));
            return new TestDatabase(provider, FleetDatabase.SqliteConnectionString(directory), directory, null);
        }

        var server = PostgresServer.ConnectionString
            ?? throw new InvalidOperationException("PostgreSQL is not available: " + PostgresServer.MissingReason);
        var name = "es_fleet_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { Database = name };
        return new TestDatabase(provider, builder.ConnectionString, null, name);
    }

    public async ValueTask DisposeAsync()
    {
        if (_sqliteDirectory is not null)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_sqliteDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder is harmless; the test result must not depend on it.
            }
        }

        if (_postgresName is not null && PostgresServer.ConnectionString is { } server)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_postgresName}\" WITH (FORCE)", connection);
            for (int attempt = 1; ; attempt++)
            {
                try
                {
                    await drop.ExecuteNonQueryAsync();
                    break;
                }
                catch (PostgresException ex) when (ex.SqlState is "42501" or "55006" && attempt < 10)
                {
                    // A backend the test role may not terminate (e.g. an autovacuum worker) was still on the database.
                    await Task.Delay(300);
                }
                catch (PostgresException ex) when (ex.SqlState is "42501" or "55006")
                {
                    // Still busy: a leftover test database is harmless; the test result must not depend on it.
                    break;
                }
            }
        }
    }
}
