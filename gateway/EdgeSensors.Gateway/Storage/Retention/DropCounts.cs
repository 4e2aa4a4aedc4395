namespace EdgeSensors.Gateway.Storage.Retention;

/// <summary>
/// Entries dropped so far, by reason, with alarms counted apart from readings. Persisted in the queue database, so the
/// numbers survive restarts.
/// </summary>
public sealed class DropCounts
{
    private static readonly int ReasonCount = Enum.GetValues<DropReason>().Length;

    private readonly long[] _readings = new long[ReasonCount];
    private readonly long[] _alarms = new long[ReasonCount];

    /// <summary>Readings dropped for <paramref name="reason"/>.</summary>
    public long Readings(DropReason reason) => _readings[(int)reason];

    /// <summary>Alarm events dropped for <paramref name="reason"/> (only ever when no reading was left to drop).</summary>
    public long Alarms(DropReason reason) => _alarms[(int)reason];

    /// <summary>Readings and alarms dropped for <paramref name="reason"/>.</summary>
    public long Total(DropReason reason) => Readings(reason) + Alarms(reason);

    /// <summary>All drops of every reason.</summary>
    public long Total()
    {
        long sum = 0;
        for (int i = 0; i < ReasonCount; i++)
        {
            sum += _readings[i] + _alarms[i];
        }

        return sum;
    }

    internal void Add(DropReason reason, EntryKind kind, long count)
    {
        if (kind == EntryKind.AlarmEvent)
        {
            _alarms[(int)reason] += count;
        }
        else
        {
            _readings[(int)reason] += count;
        }
    }

    internal void AddAll(DropCounts other)
    {
        for (int i = 0; i < ReasonCount; i++)
        {
            _readings[i] += other._readings[i];
            _alarms[i] += other._alarms[i];
        }
    }

    internal bool IsEmpty => Total() == 0;

    internal DropCounts Copy()
    {
        var copy = new DropCounts();
        copy.AddAll(this);
        return copy;
    }

    /// <summary>Counter keys as stored on disk, for example <c>drops.capacity_bytes.reading</c>.</summary>
    internal static string Key(DropReason reason, EntryKind kind) =>
        "drops." + ReasonName(reason) + "." + (kind == EntryKind.AlarmEvent ? "alarm" : "reading");

    internal IEnumerable<KeyValuePair<string, long>> AsCounters()
    {
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            yield return new(Key(reason, EntryKind.Reading), Readings(reason));
            yield return new(Key(reason, EntryKind.AlarmEvent), Alarms(reason));
        }
    }

    internal static DropCounts FromCounters(IReadOnlyDictionary<string, long> counters)
    {
        var counts = new DropCounts();
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            foreach (var kind in new[] { EntryKind.Reading, EntryKind.AlarmEvent })
            {
                if (counters.TryGetValue(Key(reason, kind), out long value))
                {
                    counts.Add(reason, kind, value);
                }
            }
        }

        return counts;
    }

    /// <summary>snake_case name used in counter keys and logs: capacity_bytes, age, disk_full, write_error, corruption.</summary>
    public static string ReasonName(DropReason reason) => reason switch
    {
        DropReason.CapacityBytes => "capacity_bytes",
        DropReason.Age => "age",
        DropReason.DiskFull => "disk_full",
        DropReason.WriteError => "write_error",
        DropReason.Corruption => "corruption",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "unknown drop reason"),
    };

    public override string ToString()
    {
        var parts = new List<string>();
        foreach (var reason in Enum.GetValues<DropReason>())
        {
            if (Total(reason) > 0)
            {
                parts.Add(ReasonName(reason) + "=" + Readings(reason) + " readings+" + Alarms(reason) + " alarms");
            }
        }

        return parts.Count == 0 ? "no drops" : string.Join(", ", parts);
    }
}
