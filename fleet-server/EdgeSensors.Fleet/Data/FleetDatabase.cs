using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

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

                options.UseNpgsql(connectionString);
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
