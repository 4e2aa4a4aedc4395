using EdgeSensors.Gateway.Storage.Backfill;
using EdgeSensors.Gateway.Storage.Queue;
using EdgeSensors.Gateway.Storage.Sqlite;

namespace EdgeSensors.Gateway.Storage;

public sealed partial class DurableQueue
{
    private static readonly TimeSpan ReadFailureRetry = TimeSpan.FromSeconds(1);

    private readonly ForwardCursors _cursors = new();

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

    private void ResetSession() => _cursors.Reset(_nextSeq);

    private ForwardBatch ReadBatch(QueueDatabase db, int maxEntries)
    {
        var batch = new List<QueuedEntry>(Math.Min(maxEntries, 256));
        ulong liveFrom = _cursors.LiveFrom;

        var liveAlarms = db.Read(EntryKind.AlarmEvent, _cursors.LiveAlarms, ulong.MaxValue, maxEntries, liveFrom);
        _cursors.LiveAlarms = Advance(_cursors.LiveAlarms, liveAlarms, batch);

        var liveReadings = db.Read(EntryKind.Reading, _cursors.LiveReadings, ulong.MaxValue, maxEntries - batch.Count, liveFrom);
        _cursors.LiveReadings = Advance(_cursors.LiveReadings, liveReadings, batch);

        // Backlog goes out in chunks of a tenth of a second's rate, not token by token: a publish (and its PUBACK wait)
        // per token kept the forwarder busy with one-reading messages that a live alarm then queued behind.
        int chunk = BackfillChunk(maxEntries);
        int available = _backfill.Available();
        int allowance = available >= chunk ? Math.Min(maxEntries - batch.Count, available) : 0;
        var backlogAlarms = db.Read(EntryKind.AlarmEvent, _cursors.BacklogAlarms, liveFrom, allowance, liveFrom);
        _cursors.BacklogAlarms = Advance(_cursors.BacklogAlarms, backlogAlarms, batch);
        allowance -= backlogAlarms.Count;

        var backlogReadings = db.Read(EntryKind.Reading, _cursors.BacklogReadings, liveFrom, allowance, liveFrom);
        _cursors.BacklogReadings = Advance(_cursors.BacklogReadings, backlogReadings, batch);
        _backfill.Take(backlogAlarms.Count + backlogReadings.Count);

        if (_unwrittenAcks.Count > 0)
        {
            batch.RemoveAll(entry => _unwrittenAcks.Contains(entry.Seq));
        }

        TimeSpan? retry = null;
        if (batch.Count < maxEntries
            && (db.AnyBetween(EntryKind.AlarmEvent, _cursors.BacklogAlarms, liveFrom) || db.AnyBetween(EntryKind.Reading, _cursors.BacklogReadings, liveFrom)))
        {
            retry = _backfill.TimeUntilAvailable(chunk);
        }

        return new ForwardBatch(batch, retry);
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
