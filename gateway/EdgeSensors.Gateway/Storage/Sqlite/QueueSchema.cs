namespace EdgeSensors.Gateway.Storage.Sqlite;

/// <summary>Tables of queue.db. Seq is the rowid, so entries sit in append order and range scans by seq are cheap.</summary>
internal static class QueueSchema
{
    public const int Version = 1;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS entries(
            seq         INTEGER PRIMARY KEY,
            kind        INTEGER NOT NULL,
            acquired_ms INTEGER NOT NULL,
            source      TEXT    NOT NULL,
            payload     BLOB    NOT NULL,
            size        INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS entries_by_kind ON entries(kind);
        CREATE INDEX IF NOT EXISTS entries_by_acquired ON entries(acquired_ms);
        CREATE TABLE IF NOT EXISTS meta(
            id             INTEGER PRIMARY KEY CHECK (id = 1),
            schema_version INTEGER NOT NULL,
            next_seq       INTEGER NOT NULL,
            depth          INTEGER NOT NULL,
            alarm_depth    INTEGER NOT NULL);
        INSERT OR IGNORE INTO meta(id, schema_version, next_seq, depth, alarm_depth) VALUES (1, 1, 1, 0, 0);
        CREATE TABLE IF NOT EXISTS counters(
            name  TEXT PRIMARY KEY,
            value INTEGER NOT NULL) WITHOUT ROWID;
        """;

    public const string EntryColumns = "seq, kind, acquired_ms, source, payload";
}
