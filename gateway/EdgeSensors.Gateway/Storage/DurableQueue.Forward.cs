using EdgeSensors.Gateway.Storage.Backfill;
using EdgeSensors.Gateway.Storage.Queue;
using EdgeSensors.Gateway.Storage.Sqlite;

namespace EdgeSensors.Gateway.Storage;

public sealed partial class DurableQueue
{
    private static readonly TimeSpan ReadFailureRetry = TimeSpan.FromSeconds(1);

    private readonly ForwardCursors _cursors = new();
    private readonly LiveTail _tail;
    private bool _alarmBacklogDone;
    private bool _readingBacklogDone;

    /// <summary>
    /// Starts a forwarding session; call it when the broker connection is (re)established. Everything not yet
    /// acknowledged becomes backlog (replayed as backfill at Storage:BackfillRatePerSecond); entries appended from now
    /// on are live and go first.
    /// </summary>
    public void BeginSession()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            ResetSession();
        }
    }

    /// <summary>
    /// Entries to publish now, at most <paramref name="maxEntries"/>: live alarms, then live readings (both unlimited),
    /// then backlog alarms and backlog readings within the backfill token bucket. Each entry is handed out once per
    /// session. Copies are returned, so the forwarder holds no lock while it publishes.
    /// </summary>
    public ForwardBatch TakeBatch(int maxEntries)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEntries);
        lock (_gate)
        {
            ThrowIfDisposed();
            if (!EnsureOpen())
            {
                return new ForwardBatch([], ReadFailureRetry);
            }

            try
            {
                return ReadBatch(_db!, maxEntries);
            }
            catch (Exception exception) when (IsStorageFailure(exception))
            {
                if (SqliteFailure.Classify(exception) == SqliteFailureKind.Corrupt)
                {
                    RecoverFromDamage(exception);
                }

                return new ForwardBatch([], ReadFailureRetry);
            }
        }
    }

    /// <summary>
    /// Removes entries the broker acknowledged (QoS 1 PUBACK). Unknown seqs (already acked or dropped) are ignored.
    /// Returns how many entries were removed. When the disk refuses the delete, the acks are kept in memory and retried
    /// with the next write; at worst a restart re-sends those entries (at-least-once).
    /// </summary>
    public int Ack(params ReadOnlySpan<ulong> seqs)
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            foreach (ulong seq in seqs)
            {
                _unwrittenAcks.Add(seq);
            }

            if (_unwrittenAcks.Count == 0 || !EnsureOpen())
            {
                return 0;
            }

            for (int attempt = 0; attempt < 2; attempt++)
            {
                try
                {
                    var scope = WriteTransaction(_ => { }, new CounterDelta());
                    MarkWritesSucceed();
                    return (int)-scope.DepthChange;
                }
                catch (Exception exception) when (IsStorageFailure(exception))
                {
                    var kind = SqliteFailure.Classify(exception);
                    if (kind == SqliteFailureKind.Corrupt && attempt == 0)
                    {
                        RecoverFromDamage(exception);
                        if (_db is not null)
                        {
                            continue;
                        }
                    }

                    ReportWriteFailure(kind == SqliteFailureKind.DiskFull ? Retention.DropReason.DiskFull : Retention.DropReason.WriteError, exception);
                    return 0;
                }
            }

            return 0;
        }
    }

    private void ResetSession()
    {
        _cursors.Reset(_nextSeq);
        _tail.Reset(_nextSeq);

        // The counters prove a kind has no backlog at all; otherwise the reads find out (and remember) when it ran out.
        // No entry below LiveFrom can appear during the session, so "none left" stays true until the next reset.
        _alarmBacklogDone = _tail.Enabled && _alarmDepth == 0;
        _readingBacklogDone = _tail.Enabled && _depth - _alarmDepth == 0;
    }

    private ForwardBatch ReadBatch(QueueDatabase db, int maxEntries)
    {
        var batch = new List<QueuedEntry>(Math.Min(maxEntries, 256));
        ulong liveFrom = _cursors.LiveFrom;

        _cursors.LiveAlarms = ReadLive(db, EntryKind.AlarmEvent, _cursors.LiveAlarms, maxEntries, liveFrom, batch);
        _cursors.LiveReadings = ReadLive(db, EntryKind.Reading, _cursors.LiveReadings, maxEntries - batch.Count, liveFrom, batch);

        // Backlog goes out in chunks of a tenth of a second's rate, not token by token: a publish (and its PUBACK wait)
        // per token kept the forwarder busy with one-reading messages that a live alarm then queued behind.
        int chunk = BackfillChunk(maxEntries);
        int available = _backfill.Available();
        int allowance = available >= chunk ? Math.Min(maxEntries - batch.Count, available) : 0;
        int live = batch.Count;
        _cursors.BacklogAlarms = ReadBacklog(db, EntryKind.AlarmEvent, _cursors.BacklogAlarms, allowance, liveFrom, batch, ref _alarmBacklogDone);
        allowance -= batch.Count - live;
        _cursors.BacklogReadings = ReadBacklog(db, EntryKind.Reading, _cursors.BacklogReadings, allowance, liveFrom, batch, ref _readingBacklogDone);
        _backfill.Take(batch.Count - live);

        if (_unwrittenAcks.Count > 0)
        {
            batch.RemoveAll(entry => _unwrittenAcks.Contains(entry.Seq));
        }

        TimeSpan? retry = null;
        if (batch.Count < maxEntries
            && (BacklogLeft(db, EntryKind.AlarmEvent, _cursors.BacklogAlarms, liveFrom, ref _alarmBacklogDone)
                || BacklogLeft(db, EntryKind.Reading, _cursors.BacklogReadings, liveFrom, ref _readingBacklogDone)))
        {
            retry = _backfill.TimeUntilAvailable(chunk);
        }

        return new ForwardBatch(batch, retry);
    }

    /// <summary>
    /// Live entries of one kind after <paramref name="cursor"/>, oldest first: from the file below what the tail covers,
    /// from the tail, and from the file again past where the tail was full. Returns the new cursor.
    /// </summary>
    private ulong ReadLive(QueueDatabase db, EntryKind kind, ulong cursor, int limit, ulong liveFrom, List<QueuedEntry> batch)
    {
        if (!_tail.Enabled)
        {
            return Advance(cursor, db.Read(kind, cursor, ulong.MaxValue, limit, liveFrom), batch);
        }

        if (limit <= 0)
        {
            return cursor;
        }

        ulong covered = _tail.CoveredFrom(kind);
        if (cursor + 1 < covered)
        {
            var older = db.Read(kind, cursor, covered, limit, liveFrom);
            cursor = Advance(cursor, older, batch);
            if (older.Count == limit)
            {
                return cursor;
            }

            limit -= older.Count;
            cursor = covered - 1; // nothing of this kind is left in the file below what the tail covers
        }

        int before = batch.Count;
        _tail.Take(kind, cursor, limit, batch);
        if (batch.Count > before)
        {
            cursor = batch[^1].Seq;
            limit -= batch.Count - before;
        }

        ulong until = _tail.Until;
        if (limit > 0 && until != ulong.MaxValue)
        {
            // The tail holds no more of this kind below where it was full; the rest is in the file.
            cursor = Math.Max(cursor, until - 1);
            cursor = Advance(cursor, db.Read(kind, cursor, ulong.MaxValue, limit, liveFrom), batch);
        }

        return cursor;
    }

    /// <summary>Backlog entries of one kind after <paramref name="cursor"/>, at most <paramref name="limit"/>. Returns the new cursor.</summary>
    private ulong ReadBacklog(QueueDatabase db, EntryKind kind, ulong cursor, int limit, ulong liveFrom, List<QueuedEntry> batch, ref bool done)
    {
        if (done || limit <= 0)
        {
            return cursor;
        }

        var entries = db.Read(kind, cursor, liveFrom, limit, liveFrom);
        done = _tail.Enabled && entries.Count < limit;
        return Advance(cursor, entries, batch);
    }

    private bool BacklogLeft(QueueDatabase db, EntryKind kind, ulong cursor, ulong liveFrom, ref bool done)
    {
        if (done)
        {
            return false;
        }

        bool any = db.AnyBetween(kind, cursor, liveFrom);
        done = _tail.Enabled && !any;
        return any;
    }

    private int BackfillChunk(int maxEntries) =>
        (int)Math.Clamp(Math.Floor(_options.BackfillRatePerSecond / 10), 1, Math.Max(1, Math.Min(_options.BackfillBurst, maxEntries)));

    private static ulong Advance(ulong cursor, List<QueuedEntry> entries, List<QueuedEntry> batch)
    {
        if (entries.Count == 0)
        {
            return cursor;
        }

        batch.AddRange(entries);
        return entries[^1].Seq;
    }
}
