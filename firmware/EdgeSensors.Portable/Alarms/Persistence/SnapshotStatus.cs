namespace EdgeSensors.Alarms;

/// <summary>The outcome of restoring a snapshot record. Anything but <see cref="Restored"/> leaves the alarms as they were.</summary>
public enum SnapshotStatus
{
    Restored = 0,

    /// <summary>Fewer bytes than a record (a truncated file).</summary>
    TooShort = 1,

    /// <summary>The CRC does not match: the record was corrupted in storage.</summary>
    CrcMismatch = 2,

    /// <summary>Not an alarm record, or a format version (or kind count) this build does not know.</summary>
    UnknownFormat = 3,

    /// <summary>An intact record of another tag.</summary>
    OtherTag = 4,

    /// <summary>An intact record holding a state this build does not know.</summary>
    UnknownState = 5,
}
