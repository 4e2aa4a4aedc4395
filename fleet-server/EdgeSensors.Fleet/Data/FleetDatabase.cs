using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace EdgeSensors.Fleet.Data;

/// <summary>Chooses and configures the provider; the one place that knows SQLite from PostgreSQL.</summary>
public static class FleetDatabase
{
    /// <summary>The connection string name for PostgreSQL (or an explicit SQLite connection string).</summary>
    public const string ConnectionStringName = "Fleet";

    public static void Configure(DbContextOptionsBuilder options, DatabaseOptions database, string? connectionString)
    {
        switch (database.Provider)
        {
            case DatabaseProvider.PostgreSQL:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        "Fleet:Database:Provider is PostgreSQL but ConnectionStrings:Fleet is empty; set it, e.g. " +
                        "ConnectionStrings__Fleet='Host=db;Database=fleet;Username=fleet;Password=...'.");
                }

                options.UseNpgsql(PostgresConnectionString(connectionString, database));
                break;
            case DatabaseProvider.Sqlite:
                options.UseSqlite(connectionString ?? SqliteConnectionString(database.DataDirectory));
                break;
            default:
                throw new InvalidOperationException($"Fleet:Database:Provider '{database.Provider}' is unknown; use Sqlite or PostgreSQL.");
        }

        // The migrations are hand-written without a model snapshot (a snapshot is provider-specific); the schema tests
        // compare the migrated schema with the model on both providers instead of this check.
        options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
    }

    /// <summary>
    /// The connection string the server uses on PostgreSQL: the configured one, with "Maximum Pool Size" bounded to
    /// <see cref="DatabaseOptions.EffectiveMaxPoolSize"/> unless the configured string sets it itself. Without the bound
    /// the API collapsed at 100 requests/s on two cores (docs/benchmarks.md, "Fleet API"): a short stall left requests
    /// waiting, each opened another physical connection (PostgreSQL fork, SCRAM, TLS handshake: seconds under load),
    /// which stalled the server more, until the pool held 100 connections and new ones timed out.
    /// </summary>
    public static string PostgresConnectionString(string connectionString, DatabaseOptions database) =>
        PostgresConnectionStrings.GetOrAdd((connectionString, database.EffectiveMaxPoolSize), static key =>
        {
            // A plain DbConnectionStringBuilder keeps only the keys that were given, so an explicit setting (in any of
            // Npgsql's spellings) is told apart from Npgsql's default.
            var given = new DbConnectionStringBuilder { ConnectionString = key.ConnectionString };
            bool setsPoolSize = given.Keys.Cast<string>()
                .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant())
                .Any(k => k is "MAXIMUMPOOLSIZE" or "MAXPOOLSIZE");
            if (setsPoolSize)
            {
                return key.ConnectionString;
            }

            var builder = new NpgsqlConnectionStringBuilder(key.ConnectionString);
            builder.MaxPoolSize = Math.Max(key.MaxPoolSize, builder.MinPoolSize); // Npgsql refuses a maximum under the minimum
            return builder.ConnectionString;
        });

    // Configure runs for every DbContext (every request): parse each distinct connection string once.
    private static readonly ConcurrentDictionary<(string ConnectionString, int MaxPoolSize), string> PostgresConnectionStrings = new();

    public static string SqliteConnectionString(string dataDirectory)
    {
        var directory = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(directory);
        return new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(directory, "fleet.db"),
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    /// <summary>Applies pending migrations (both providers take EF's migration lock, so two instances may start together).</summary>
    public static async Task MigrateAsync(FleetDbContext db, CancellationToken cancellationToken = default)
    {
        if (db.Database.IsSqlite())
        {
            // WAL lets readers continue while one writer commits; the setting is stored in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        await db.Database.MigrateAsync(cancellationToken);
    }
}
