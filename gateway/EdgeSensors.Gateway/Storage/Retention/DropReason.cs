namespace EdgeSensors.Gateway.Storage.Retention;

/// <summary>Why entries left the queue without a broker acknowledgement. Names are stored on disk as counter keys.</summary>
public enum DropReason
{
    /// <summary>Storage:MaxBytes would have been exceeded.</summary>
    CapacityBytes,

    /// <summary>Older than Storage:MaxAge.</summary>
    Age,

    /// <summary>The filesystem (or Storage:MaxFileBytes) was full.</summary>
    DiskFull,

    /// <summary>The medium failed a write for another reason (SQLITE_IOERR, EIO).</summary>
    WriteError,

    /// <summary>Lost in a damaged database file that could not be read back.</summary>
    Corruption,
}
