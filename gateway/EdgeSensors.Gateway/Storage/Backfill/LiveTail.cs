namespace EdgeSensors.Gateway.Storage.Backfill;

/// <summary>
/// The live entries of the current forwarding session not yet handed to the forwarder, kept in memory once their
/// append committed, so <see cref="DurableQueue.TakeBatch"/> serves them without reading them back from SQLite (the
/// read-back, segment decode and per-entry copy were about 9 % of the gateway's CPU at 100,000 readings/s).
/// Per kind, the tail holds every waiting entry of that kind from <see cref="CoveredFrom"/> up to <see cref="Until"/>;
/// live entries outside that range (from before an invalidation, or appended while the tail was full) are read from the
/// database as before. Bounded by entries and by bytes. Not thread-safe: the queue calls it under its lock.
/// </summary>
internal sealed class LiveTail
{
    /// <summary>
    /// Memory one held entry costs besides its payload bytes: the QueuedEntry object (64 B), the payload array's
    /// header (24 B) and its slot here (16 B). The source string is shared with the appender's.
    /// </summary>
    public const int EntryOverheadBytes = 104;

    private readonly Run _alarms = new();
    private readonly Run _readings = new();
    private readonly int _maxEntries;
    private readonly long _maxBytes;

    /// <param name="maxEntries">Entries held at most; 0 turns the tail off (every read goes to the database).</param>
    /// <param name="maxBytes">Bytes held at most (payloads + <see cref="EntryOverheadBytes"/> each).</param>
    public LiveTail(int maxEntries, long maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxEntries);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        _maxEntries = maxEntries;
        _maxBytes = maxBytes;
    }

    public bool Enabled => _maxEntries > 0 && _maxBytes > 0;

    /// <summary>Slots held (entries, including acknowledged ones not yet passed).</summary>
    public int Count => _alarms.Count + _readings.Count;

    /// <summary>Bytes held, as counted against the bound.</summary>
    public long Bytes { get; private set; }

    /// <summary>Every waiting live entry of <paramref name="kind"/> with seq from this up to <see cref="Until"/> is in the tail.</summary>
    public ulong CoveredFrom(EntryKind kind) => Of(kind).CoveredFrom;

    /// <summary>The first seq the tail did not take because it was full (exclusive end of what it covers); MaxValue when none.</summary>
    public ulong Until { get; private set; } = ulong.MaxValue;

    /// <summary>
    /// Forgets everything: from <paramref name="nextSeq"/> (the next seq to be assigned) on, the tail covers again.
    /// For a new session, a reopened or salvaged file, and any change of the database besides appends and acks.
    /// </summary>
    public void Reset(ulong nextSeq)
    {
        _alarms.Clear(nextSeq);
        _readings.Clear(nextSeq);
        Bytes = 0;
        Until = ulong.MaxValue;
    }

    /// <summary>
    /// After an append committed: <paramref name="entries"/> got the seqs from <paramref name="firstSeq"/> on, in order.
    /// When the bound is reached the rest is left to the file (<see cref="Until"/>), and nothing is added until the
    /// forwarder has emptied the tail: it needs the oldest entries next, so evicting those would keep a forwarder that
    /// fell behind reading everything from the file while the tail churned.
    /// </summary>
    public void Add(ulong firstSeq, IReadOnlyList<NewEntry> entries)
    {
        if (!Enabled || entries.Count == 0)
        {
            return;
        }

        if (Until != ulong.MaxValue)
        {
            if (Count > 0)
            {
                return;
            }

            Reset(firstSeq); // drained: cover again from here; what came in between is read from the file
        }

        for (int i = 0; i < entries.Count; i++)
        {
            NewEntry entry = entries[i];
            ulong seq = firstSeq + (ulong)i;
            long size = Size(entry.Payload);
            if (Count >= _maxEntries || Bytes + size > _maxBytes)
            {
                Until = seq;
                return;
            }

            Of(entry.Kind).Push(seq, new QueuedEntry(seq, entry.Kind, entry.AcquiredAtMs, entry.Source, entry.Payload, IsBackfill: false));
            Bytes += size;
        }
    }

    /// <summary>After acknowledgements were deleted from the database: they are not handed out from here either.</summary>
    public void Remove(IEnumerable<ulong> seqs)
    {
        if (Count == 0)
        {
            return;
        }

        foreach (ulong seq in seqs)
        {
            Bytes -= Size(_alarms.Remove(seq)) + Size(_readings.Remove(seq));
        }
    }

    /// <summary>
    /// Moves up to <paramref name="limit"/> entries of <paramref name="kind"/> with seq above <paramref name="after"/>
    /// into <paramref name="into"/>, oldest first; they leave the tail (the forwarder's cursor passes them).
    /// </summary>
    public void Take(EntryKind kind, ulong after, int limit, List<QueuedEntry> into)
    {
        var run = Of(kind);
        int taken = 0;
        while (taken < limit && run.Count > 0)
        {
            ulong seq = run.FrontSeq;
            QueuedEntry? entry = run.Pop();
            Bytes -= Size(entry);
            if (entry is not null && seq > after)
            {
                into.Add(entry);
                taken++;
            }
        }
    }

    private static long Size(byte[] payload) => payload.Length + EntryOverheadBytes;

    private static long Size(QueuedEntry? entry) => entry is null ? 0 : Size(entry.Payload);

    private Run Of(EntryKind kind) => kind == EntryKind.AlarmEvent ? _alarms : _readings;

    /// <summary>One kind's entries in seq order: a ring of slots; an acknowledged entry leaves a null slot until passed.</summary>
    private sealed class Run
    {
        private ulong[] _seqs = new ulong[64];
        private QueuedEntry?[] _entries = new QueuedEntry?[64];
        private int _head;

        public int Count { get; private set; }

        public ulong CoveredFrom { get; private set; } = 1;

        public ulong FrontSeq => _seqs[_head];

        public void Clear(ulong coveredFrom)
        {
            for (int i = 0; i < Count; i++)
            {
                _entries[(_head + i) & (_entries.Length - 1)] = null; // only the slots in use: a full queue clears on every append
            }

            _head = 0;
            Count = 0;
            CoveredFrom = coveredFrom;
        }

        public void Push(ulong seq, QueuedEntry entry)
        {
            if (Count == _seqs.Length)
            {
                Grow();
            }

            int at = (_head + Count) & (_seqs.Length - 1);
            _seqs[at] = seq;
            _entries[at] = entry;
            Count++;
        }

        public QueuedEntry? Pop()
        {
            QueuedEntry? entry = _entries[_head];
            _entries[_head] = null;
            _head = (_head + 1) & (_seqs.Length - 1);
            Count--;
            return entry;
        }

        /// <summary>Empties the slot of <paramref name="seq"/> when it is held; returns what it held.</summary>
        public QueuedEntry? Remove(ulong seq)
        {
            if (Count == 0 || seq < FrontSeq || seq > _seqs[(_head + Count - 1) & (_seqs.Length - 1)])
            {
                return null;
            }

            int low = 0;
            int high = Count - 1;
            while (low <= high)
            {
                int middle = (low + high) >>> 1;
                int at = (_head + middle) & (_seqs.Length - 1);
                if (_seqs[at] == seq)
                {
                    QueuedEntry? entry = _entries[at];
                    _entries[at] = null;
                    return entry;
                }

                if (_seqs[at] < seq)
                {
                    low = middle + 1;
                }
                else
                {
                    high = middle - 1;
                }
            }

            return null;
        }

        private void Grow()
        {
            var seqs = new ulong[_seqs.Length * 2];
            var entries = new QueuedEntry?[_seqs.Length * 2];
            for (int i = 0; i < Count; i++)
            {
                int at = (_head + i) & (_seqs.Length - 1);
                seqs[i] = _seqs[at];
                entries[i] = _entries[at];
            }

            _seqs = seqs;
            _entries = entries;
            _head = 0;
        }
    }
}
