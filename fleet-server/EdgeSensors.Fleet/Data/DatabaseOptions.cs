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

    /// <summary>
    /// PostgreSQL only: the most connections this instance holds, unless ConnectionStrings:Fleet sets "Maximum Pool Size".
    /// 0 (default) means 4 per processor core, at least 8 and at most 32. Npgsql's own default (100) equals PostgreSQL's
    /// default max_connections: one busy instance could take every backend, and a burst that opens many new
    /// connections (fork, authentication, TLS handshake each) starves the requests it is meant to serve.
    /// </summary>
    public int MaxPoolSize { get; set; }

    /// <summary>The pool bound in force: <see cref="MaxPoolSize"/>, or the per-core default when it is 0.</summary>
    public int EffectiveMaxPoolSize => MaxPoolSize > 0 ? MaxPoolSize : Math.Clamp(4 * Environment.ProcessorCount, 8, 32);
}

public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}
