namespace EdgeSensors.Fleet.Data;

/// <summary>Which database the server uses. Section "Fleet:Database"; see docs/fleet-server.md.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Fleet:Database";

    /// <summary>"Sqlite" (default, a file in <see cref="DataDirectory"/>) or "PostgreSQL" (needs ConnectionStrings:Fleet).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Where the SQLite file fleet.db lives; relative paths are relative to the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>Apply pending migrations at start-up (default true; turn off when a deploy job migrates with the CLI).</summary>
    public bool MigrateOnStart { get; set; } = true;
}

public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}
