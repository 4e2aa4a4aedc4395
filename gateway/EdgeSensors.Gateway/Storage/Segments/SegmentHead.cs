namespace EdgeSensors.Gateway.Storage.Segments;

/// <summary>
/// A segment row without its bytes, plus what has been removed from it (acked or dropped) while other entries of it
/// still wait. Entry i of a segment has seq <see cref="FirstSeq"/> + i.
/// </summary>
internal sealed class SegmentHead
{
    public ulong FirstSeq { get; init; }

    public int Count { get; init; }

    public EntryKind Kind { get; init; }

    /// <summary>Accounted bytes of all its entries (payload + source + 32 B each).</summary>
    public long Size { get; init; }

    public long AcquiredMin { get; init; }

    public long AcquiredMax { get; init; }

    /// <summary>Bit i set: entry i is gone. Null when nothing was removed.</summary>
    public byte[]? Removed { get; init; }

    public int RemovedCount { get; init; }

    public long RemovedBytes { get; init; }

    /// <summary>Oldest acquisition time among the entries still waiting, when some were removed.</summary>
    public long? LiveMin { get; init; }

    public ulong LastSeq => FirstSeq + (ulong)Count - 1;

    public int LiveCount => Count - RemovedCount;

    public long LiveBytes => Size - RemovedBytes;

    public long EffectiveMin => LiveMin ?? AcquiredMin;

    public bool IsRemoved(int index) => Removed is not null && (Removed[index >> 3] & (1 << (index & 7))) != 0;
}
