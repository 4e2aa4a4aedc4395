namespace EdgeSensors.Gateway.Storage.Sqlite;

/// <summary>
/// Tables of queue.db (schema 2). One <c>segments</c> row holds the entries of one append that share a kind and
/// follow each other in seq (Storage/Segments); its key is the first seq, so rows sit in append order.
/// <c>segment_gaps</c> records, for the few segments that are partly acked or dropped, which of their entries are gone.
/// Schema 1 (one <c>entries</c> row per entry) is converted at open (QueueDatabase.MigrateLegacyEntries).
/// </summary>
internal static class QueueSchema
{
    public const int Version = 2;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS segments(
            first_seq    INTEGER PRIMARY KEY,
            last_seq     INTEGER NOT NULL,
            kind         INTEGER NOT NULL,
            count        INTEGER NOT NULL,
            acquired_min INTEGER NOT NULL,
            acquired_max INTEGER NOT NULL,
            size         INTEGER NOT NULL,
            crc          INTEGER NOT NULL,
            entries      BLOB    NOT NULL);
        CREATE INDEX IF NOT EXISTS segments_by_kind ON segments(kind, last_seq);
        CREATE INDEX IF NOT EXISTS segments_by_acquired ON segments(acquired_min);
        CREATE TABLE IF NOT EXISTS segment_gaps(
            first_seq     INTEGER PRIMARY KEY,
            removed       BLOB    NOT NULL,
            removed_count INTEGER NOT NULL,
            removed_bytes INTEGER NOT NULL,
            live_min      INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS meta(
            id             INTEGER PRIMARY KEY CHECK (id = 1),
            schema_version INTEGER NOT NULL,
            next_seq       INTEGER NOT NULL,
            depth          INTEGER NOT NULL,
            alarm_depth    INTEGER NOT NULL);
        INSERT OR IGNORE INTO meta(id, schema_version, next_seq, depth, alarm_depth) VALUES (1, 2, 1, 0, 0);
        CREATE TABLE IF NOT EXISTS counters(
            name  TEXT PRIMARY KEY,
            value INTEGER NOT NULL) WITHOUT ROWID;
        """;

    /// <summary>A segment's head columns with its gaps (10 columns), for queries over <c>segments s LEFT JOIN segment_gaps g</c>.</summary>
    public const string HeadColumns = "s.first_seq, s.count, s.kind, s.size, s.acquired_min, s.acquired_max, g.removed, g.removed_count, g.removed_bytes, g.live_min";

    public const string HeadFrom = " FROM segments s LEFT JOIN segment_gaps g ON g.first_seq = s.first_seq ";

    /// <summary>Every column of a segment row, in the order QueueDatabase.InsertRaw takes them.</summary>
    public const string SegmentColumns = "first_seq, last_seq, kind, count, acquired_min, acquired_max, size, crc, entries";
}
