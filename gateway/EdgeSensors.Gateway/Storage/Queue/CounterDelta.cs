using EdgeSensors.Gateway.Storage.Retention;

namespace EdgeSensors.Gateway.Storage.Queue;

/// <summary>
/// Counter increments of one write transaction. They are written inside the transaction and applied in memory only
/// after it commits, so a failed write counts nothing twice.
/// </summary>
internal sealed class CounterDelta
{
    private readonly Dictionary<string, long> _deltas = new(StringComparer.Ordinal);

    public bool IsEmpty => _deltas.Count == 0;

    public void Add(string key, long delta)
    {
        if (delta != 0)
        {
            _deltas[key] = (_deltas.TryGetValue(key, out long value) ? value : 0) + delta;
        }
    }

    public void AddDrops(DropReason reason, in KindTally tally)
    {
        Add(DropCounts.Key(reason, EntryKind.Reading), tally.Readings);
        Add(DropCounts.Key(reason, EntryKind.AlarmEvent), tally.Alarms);
    }

    public long Of(string key) => _deltas.TryGetValue(key, out long value) ? value : 0;

    /// <summary>Absolute values to write: the changed keys plus any left unwritten by an earlier failed write.</summary>
    public IEnumerable<KeyValuePair<string, long>> ValuesToWrite(IReadOnlyDictionary<string, long> current, IReadOnlySet<string> unwritten)
    {
        foreach (string key in _deltas.Keys.Union(unwritten))
        {
            long value = (current.TryGetValue(key, out long now) ? now : 0) + Of(key);
            yield return new(key, value);
        }
    }

    public void ApplyTo(Dictionary<string, long> counters)
    {
        foreach (var (key, delta) in _deltas)
        {
            counters[key] = (counters.TryGetValue(key, out long value) ? value : 0) + delta;
        }
    }

    public IEnumerable<string> Keys => _deltas.Keys;
}
