namespace EdgeSensors.Gateway.Storage;

/// <summary>
/// SQLite's <c>PRAGMA synchronous</c> in WAL mode: when a commit is forced to the storage medium.
/// See docs/storage.md for what each one keeps after a power cut.
/// </summary>
public enum SynchronousMode
{
    /// <summary>The WAL is fsynced only at checkpoints: a power cut can lose the last commits (never corrupts).</summary>
    Normal = 1,

    /// <summary>The WAL is fsynced at every commit: a commit that returned survives a power cut.</summary>
    Full = 2,
}
