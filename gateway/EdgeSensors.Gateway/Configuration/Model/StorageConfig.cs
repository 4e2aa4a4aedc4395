namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>Where readings are kept until the broker has them, and for how long.</summary>
public sealed record StorageConfig
{
    /// <summary>Absolute path of the data directory.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Disk the store may use; the oldest entries go first when it is full.</summary>
    public required long MaxBytes { get; init; }

    /// <summary>Entries older than this are removed, sent or not (at least 30 days, so an outage cannot outlast the server's 30-day records).</summary>
    public required TimeSpan MaxAge { get; init; }

    /// <summary>Stored entries sent per second after a link comes back, so live readings are not starved.</summary>
    public required int BackfillRate { get; init; }

    public required SyncMode Synchronous { get; init; }
}

/// <summary>SQLite's synchronous setting in WAL mode (docs/storage.md): full keeps every commit through a power cut, normal may lose the last ones.</summary>
public enum SyncMode
{
    Normal,
    Full,
}
