namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>Where readings are kept until the broker has them, and for how long.</summary>
public sealed record StorageConfig
{
    /// <summary>Absolute path of the data directory.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Disk the store may use; the oldest entries go first when it is full.</summary>
    public required long MaxBytes { get; init; }

    /// <summary>Entries older than this are removed, sent or not (at least 30 days: the national rule for records).</summary>
    public required TimeSpan MaxAge { get; init; }

    /// <summary>Stored entries sent per second after a link comes back, so live readings are not starved.</summary>
    public required int BackfillRate { get; init; }

    public required SyncMode Synchronous { get; init; }
}

/// <summary>SQLite's synchronous setting: how hard each commit is pushed to disk. off is refused (loses readings on power loss).</summary>
public enum SyncMode
{
    Normal,
    Full,
    Extra,
}
