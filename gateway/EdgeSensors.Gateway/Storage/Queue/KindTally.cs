namespace EdgeSensors.Gateway.Storage.Queue;

/// <summary>Entries and bytes removed or added in one operation, split by kind.</summary>
internal struct KindTally
{
    public long Readings;
    public long Alarms;
    public long Bytes;

    public readonly long Count => Readings + Alarms;

    public void Add(EntryKind kind, long bytes)
    {
        if (kind == EntryKind.AlarmEvent)
        {
            Alarms++;
        }
        else
        {
            Readings++;
        }

        Bytes += bytes;
    }

    /// <summary>Adds <paramref name="count"/> entries of one kind with <paramref name="bytes"/> in all.</summary>
    public void Add(EntryKind kind, long count, long bytes)
    {
        if (kind == EntryKind.AlarmEvent)
        {
            Alarms += count;
        }
        else
        {
            Readings += count;
        }

        Bytes += bytes;
    }

    public readonly long Of(EntryKind kind) => kind == EntryKind.AlarmEvent ? Alarms : Readings;
}
