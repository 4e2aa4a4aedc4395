using EdgeSensors.Gateway.Storage;

namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>Where readings are kept until the broker has them, and for how long (the durable queue, docs/storage.md).</summary>
public sealed record StorageConfig
{
    /// <summary>The queue's subdirectory of <see cref="DataDirectory"/>.</summary>
    public const string QueueDirectoryName = "queue";

    /// <summary>Absolute path of the gateway's data directory.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Bytes of queued entries kept at most; the oldest readings go first when it is full.</summary>
    public required long MaxBytes { get; init; }

    /// <summary>Entries older than this are removed, sent or not (at least 30 days, so an outage cannot outlast the server's 30-day records).</summary>
    public required TimeSpan MaxAge { get; init; }

    /// <summary>Stored entries sent per second after a link comes back, so live readings are not starved.</summary>
    public required int BackfillRate { get; init; }

    public required SynchronousMode Synchronous { get; init; }

    /// <summary>The durable queue's options: the queue lives in &lt;data_dir&gt;/queue; the other store settings keep their defaults.</summary>
    public StoreOptions ToStoreOptions() => new()
    {
        DataDirectory = Path.Combine(DataDirectory, QueueDirectoryName),
        MaxBytes = MaxBytes,
        MaxAge = MaxAge,
        BackfillRatePerSecond = BackfillRate,
        Synchronous = Synchronous,
    };
}
