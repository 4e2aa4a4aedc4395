namespace EdgeSensors.Gateway.Storage.Queue;

/// <summary>The queue's current condition, shown in its stats and status page.</summary>
public enum StoreCondition
{
    /// <summary>Writes succeed; nothing was repaired since start.</summary>
    Healthy,

    /// <summary>Writes succeed; at start (or since) a damaged database or a torn WAL was repaired. See the message.</summary>
    Recovered,

    /// <summary>The last write failed for lack of space: new entries are being dropped.</summary>
    DiskFull,

    /// <summary>The last write failed with an I/O error (or the database cannot be opened): new entries are being dropped.</summary>
    WriteError,
}
