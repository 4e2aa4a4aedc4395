namespace EdgeSensors.Gateway.Storage;

/// <summary>
/// Configuration of the durable queue, bound from the "Storage" section (keys = property names, for example
/// Storage:MaxBytes). Defaults, units and the reasoning behind them are in docs/storage.md.
/// </summary>
public sealed class StoreOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary>Name of the queue database inside <see cref="DataDirectory"/>.</summary>
    public const string DatabaseFileName = "queue.db";

    /// <summary>Directory holding queue.db, its -wal/-shm files and the sequence reservation file.</summary>
    public string DataDirectory { get; set; } = "/var/lib/edgesensors/queue";

    /// <summary>Bytes of queued entries (payload + source + 32 B per row) kept at most; the oldest readings go first.</summary>
    public long MaxBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Entries acquired longer ago than this are dropped (counted as "age").</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Hard cap on the database file (SQLite max_page_count), in bytes; 0 means 2 × MaxBytes. Reaching it is handled
    /// like a full disk, so the queue can never fill the card even if the row estimate is off.
    /// </summary>
    public long MaxFileBytes { get; set; }

    /// <summary>Backlog (backfill) entries handed to the forwarder per second at most; live entries are not limited.</summary>
    public double BackfillRatePerSecond { get; set; } = 200;

    /// <summary>Backlog entries that may be sent in one burst after an idle period (token bucket size).</summary>
    public int BackfillBurst { get; set; } = 200;

    /// <summary>WAL sync mode: Full (a commit survives a power cut) or Normal (faster, last commits may be lost).</summary>
    public SynchronousMode Synchronous { get; set; } = SynchronousMode.Full;

    /// <summary>
    /// Live entries the forwarder has not been handed yet, kept in memory after their commit so it need not read them
    /// back from SQLite (docs/storage.md, "Forwarding and backfill"): at most this many (0 = off, tests compare both) ...
    /// </summary>
    internal int LiveTailEntries { get; set; } = 65_536;

    /// <summary>... and at most this many bytes (payloads + 104 B per entry).</summary>
    internal long LiveTailBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>Clock for acquisition ages and the backfill token bucket; tests inject their own.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Full path of the queue database.</summary>
    public string DatabasePath => Path.Combine(DataDirectory, DatabaseFileName);

    /// <summary>The file cap in effect, in bytes.</summary>
    public long EffectiveMaxFileBytes => MaxFileBytes > 0 ? MaxFileBytes : 2 * MaxBytes;

    /// <summary>Throws <see cref="StoreConfigurationException"/> naming the first bad key and how to fix it.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw Bad(nameof(DataDirectory), "is empty", "set it to a directory on persistent storage, for example /var/lib/edgesensors/queue");
        }

        if (MaxBytes < 64 * 1024)
        {
            throw Bad(nameof(MaxBytes), "is " + MaxBytes + " B", "use at least 65536 B (64 KiB); the default is 268435456 B (256 MiB)");
        }

        if (MaxAge <= TimeSpan.Zero)
        {
            throw Bad(nameof(MaxAge), "is " + MaxAge, "use a positive duration such as 30.00:00:00 (30 days)");
        }

        if (MaxFileBytes < 0 || (MaxFileBytes > 0 && MaxFileBytes < MaxBytes))
        {
            throw Bad(nameof(MaxFileBytes), "is " + MaxFileBytes + " B", "use 0 (= 2 × MaxBytes) or a value of at least MaxBytes (" + MaxBytes + " B)");
        }

        if (!(BackfillRatePerSecond > 0) || double.IsInfinity(BackfillRatePerSecond))
        {
            throw Bad(nameof(BackfillRatePerSecond), "is " + BackfillRatePerSecond + " entries/s", "use a positive rate such as 200 entries/s");
        }

        if (BackfillBurst < 1)
        {
            throw Bad(nameof(BackfillBurst), "is " + BackfillBurst + " entries", "use at least 1 entry");
        }

        if (!Enum.IsDefined(Synchronous))
        {
            throw Bad(nameof(Synchronous), "is " + (int)Synchronous, "use Full or Normal");
        }

        ArgumentNullException.ThrowIfNull(Clock, nameof(Clock));
    }

    private static StoreConfigurationException Bad(string key, string problem, string fix) =>
        new(SectionName + ":" + key + " " + problem + ": " + fix + ".");
}
