namespace EdgeSensors.Gateway.Storage;

/// <summary>What a queued entry carries. The numeric values are stored on disk: never renumber them.</summary>
public enum EntryKind
{
    /// <summary>A polled measurement (or a batch of them): dropped first when the queue must shed data.</summary>
    Reading = 1,

    /// <summary>An alarm raised or cleared: dropped only when no reading is left to drop.</summary>
    AlarmEvent = 2,
}
