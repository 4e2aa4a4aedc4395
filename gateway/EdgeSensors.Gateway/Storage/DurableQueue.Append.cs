using EdgeSensors.Gateway.Storage.Queue;
using EdgeSensors.Gateway.Storage.Retention;
using EdgeSensors.Gateway.Storage.Sqlite;

namespace EdgeSensors.Gateway.Storage;

public sealed partial class DurableQueue
{
    private const long MinimumRoomBytes = 64 * 1024;
    private const int DiskFullAttempts = 4;
    private static readonly TimeSpan RepeatLogInterval = TimeSpan.FromMinutes(1);

    private long _lastLimitLog = long.MinValue;
    private long _lastFailureLog = long.MinValue;
    private long _diskFullDroppedOld;
    private long _failureDroppedNew;
    private bool _reservationFailed;

    /// <summary>Appends one entry durably; see <see cref="AppendBatch"/>.</summary>
    public AppendResult Append(NewEntry entry) => AppendBatch([entry]);

    /// <summary>
    /// Appends entries in one transaction: when this returns, every stored entry is on disk (at
    /// Storage:Synchronous=Full, also across a power cut) and may be published. The payload arrays are kept as they are
    /// (the forwarder may be handed them from memory): do not change them after appending. Limits are applied first, in the
    /// documented drop order (docs/storage.md). Never throws for disk full, I/O errors or a damaged file: such entries
    /// are dropped, counted and reported in <see cref="GetStats"/> and the log.
    /// </summary>
    public AppendResult AppendBatch(IReadOnlyList<NewEntry> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var incoming = new List<Sized>(batch.Count);
        foreach (var entry in batch)
        {
            incoming.Add(Sized.Of(entry));
        }

        lock (_gate)
        {
            ThrowIfDisposed();
            if (incoming.Count == 0)
            {
                return AppendResult.Empty;
            }

            var outcome = new AppendOutcome();
            DropOversized(incoming, outcome);
            if (!EnsureOpen())
            {
                DropAfterFailure(incoming, _unavailableReason, outcome);
                return outcome.Result();
            }

            ApplyReserveMode(incoming, outcome);

            bool recovered = false;
            bool countedIncident = false;
            for (int attempt = 0; incoming.Count > 0; attempt++)
            {
                try
                {
                    var counters = new CounterDelta();
                    var limitDrops = new LimitDrops();
                    var scope = WriteTransaction(s => StoreWithinLimits(s, incoming, limitDrops), counters);
                    outcome.Stored(limitDrops, scope, incoming.Count - limitDrops.IncomingCount);
                    _tail.Add(limitDrops.FirstInsertedSeq, limitDrops.Inserted);
                    MarkWritesSucceed();
                    LogLimitDrops(limitDrops);
                    SignalAppended();
                    break;
                }
                catch (Exception exception) when (IsStorageFailure(exception))
                {
                    var kind = SqliteFailure.Classify(exception);
                    if (kind is SqliteFailureKind.DiskFull or SqliteFailureKind.IoError && !countedIncident)
                    {
                        countedIncident = true; // one incident per append, however many attempts it takes
                        Count(kind == SqliteFailureKind.DiskFull ? StoreEvents.DiskFullKey : StoreEvents.WriteErrorKey, 1);
                    }

                    if (kind == SqliteFailureKind.Corrupt && !recovered)
                    {
                        recovered = true;
                        RecoverFromDamage(exception);
                        if (_db is not null)
                        {
                            continue;
                        }
                    }

                    if (kind is SqliteFailureKind.DiskFull or SqliteFailureKind.IoError && attempt == 0 && TryCheckpoint())
                    {
                        // The WAL could not grow: its space is free again now, so try the batch once more before
                        // dropping anything.
                        ReportRoomMade(kind, exception);
                        continue;
                    }

                    if (kind == SqliteFailureKind.DiskFull && attempt < DiskFullAttempts && MakeRoom(incoming, outcome))
                    {
                        ReportRoomMade(kind, exception);
                        continue;
                    }

                    if (kind == SqliteFailureKind.DiskFull && TryUseReserve(incoming, outcome))
                    {
                        continue; // the alarm events of the batch go into the space the reserve gave back
                    }

                    var reason = kind == SqliteFailureKind.DiskFull ? DropReason.DiskFull : DropReason.WriteError;
                    DropAfterFailure(incoming, reason, outcome);
                    ReportWriteFailure(reason, exception, countEvent: !countedIncident);
                    break;
                }
            }

            return outcome.Result();
        }
    }

    /// <summary>Drops entries acquired before now - Storage:MaxAge (also done by appends, at most once a second).</summary>
    public long ExpireOld()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            if (!EnsureOpen())
            {
                return 0;
            }

            _lastAgeCheck = long.MinValue;
            var drops = new LimitDrops();
            try
            {
                WriteTransaction(s => ExpireByAge(s, drops), new CounterDelta());
            }
            catch (Exception exception) when (IsStorageFailure(exception))
            {
                var kind = SqliteFailure.Classify(exception);
                ReportWriteFailure(kind == SqliteFailureKind.DiskFull ? DropReason.DiskFull : DropReason.WriteError, exception);
                return 0;
            }

            LogLimitDrops(drops);
            return drops.Aged.Count;
        }
    }

    /// <summary>Inside the append transaction: age limit, then Storage:MaxBytes in the documented drop order, then insert.</summary>
    private void StoreWithinLimits(WriteScope scope, List<Sized> incoming, LimitDrops drops)
    {
        ExpireByAge(scope, drops);
        long cutoff = NowMs() - (long)_options.MaxAge.TotalMilliseconds;
        var stored = new List<Sized>(incoming.Count);
        foreach (var item in incoming)
        {
            if (item.Entry.AcquiredAtMs < cutoff)
            {
                drops.DropIncoming(item, DropReason.Age);
            }
            else
            {
                stored.Add(item);
            }
        }

        long excess = _bytes + scope.BytesChange + Sized.Total(stored) - _options.MaxBytes;
        // 1. oldest stored readings
        if (excess > 0)
        {
            excess -= DeleteOldest(scope, EntryKind.Reading, excess, drops);
        }

        // 2. new readings of this batch (they are the newest non-alarm data, so they go after every stored reading)
        excess = DropIncomingUntil(stored, EntryKind.Reading, excess, drops);

        // 3. oldest stored alarms, only now that no reading is left
        if (excess > 0)
        {
            excess -= DeleteOldest(scope, EntryKind.AlarmEvent, excess, drops);
        }

        // 4. new alarms of this batch
        DropIncomingUntil(stored, EntryKind.AlarmEvent, excess, drops);

        CoverSequence(scope.NextSeq + (ulong)stored.Count);
        var entries = new NewEntry[stored.Count];
        var sizes = new long[stored.Count];
        for (int i = 0; i < stored.Count; i++)
        {
            entries[i] = stored[i].Entry;
            sizes[i] = stored[i].Size;
        }

        drops.FirstInsertedSeq = scope.NextSeq;
        drops.Inserted = entries;
        scope.Insert(entries, sizes);

        scope.Counters.AddDrops(DropReason.CapacityBytes, drops.Capacity);
        scope.Counters.AddDrops(DropReason.Age, drops.IncomingAged);
    }

    private void ExpireByAge(WriteScope scope, LimitDrops drops)
    {
        long now = _clock.GetTimestamp();
        if (_lastAgeCheck != long.MinValue && _clock.GetElapsedTime(_lastAgeCheck, now) < AgeCheckInterval)
        {
            return;
        }

        _lastAgeCheck = now;
        var aged = scope.Database.DeleteAcquiredBefore(scope.Transaction, NowMs() - (long)_options.MaxAge.TotalMilliseconds);
        scope.Removed(aged);
        scope.Counters.AddDrops(DropReason.Age, aged);
        drops.Aged = aged;
    }

    private long DeleteOldest(WriteScope scope, EntryKind kind, long bytesToFree, LimitDrops drops)
    {
        long storedOfKind = kind == EntryKind.AlarmEvent
            ? _alarmDepth + scope.AlarmChange
            : _depth - _alarmDepth + (scope.DepthChange - scope.AlarmChange);
        if (storedOfKind <= 0)
        {
            return 0;
        }

        var removed = scope.Database.DeleteOldest(scope.Transaction, kind, bytesToFree);
        scope.Removed(removed);
        drops.Capacity.Readings += removed.Readings;
        drops.Capacity.Alarms += removed.Alarms;
        drops.Capacity.Bytes += removed.Bytes;
        drops.CapacityStored += removed.Count;
        return removed.Bytes;
    }

    private static long DropIncomingUntil(List<Sized> stored, EntryKind kind, long excess, LimitDrops drops)
    {
        for (int i = 0; i < stored.Count && excess > 0;)
        {
            if (stored[i].Entry.Kind == kind)
            {
                excess -= stored[i].Size;
                drops.DropIncoming(stored[i], DropReason.CapacityBytes);
                stored.RemoveAt(i);
            }
            else
            {
                i++;
            }
        }

        return excess;
    }

    /// <summary>An entry larger than Storage:MaxBytes on its own would evict everything and still not fit: drop it alone.</summary>
    private void DropOversized(List<Sized> incoming, AppendOutcome outcome)
    {
        var oversized = incoming.Where(item => item.Size > _options.MaxBytes).ToList();
        if (oversized.Count == 0)
        {
            return;
        }

        var tally = default(KindTally);
        foreach (var item in oversized)
        {
            tally.Add(item.Entry.Kind, item.Size);
            incoming.Remove(item);
        }

        CountDrops(DropReason.CapacityBytes, tally);
        outcome.Dropped(oversized.Count, DropReason.CapacityBytes);
    }

    /// <summary>
    /// After SQLITE_FULL: frees room in the documented drop order (oldest stored readings, then the batch's own
    /// readings, then oldest stored alarms) and asks for another attempt. False when nothing could be freed.
    /// </summary>
    private bool MakeRoom(List<Sized> incoming, AppendOutcome outcome)
    {
        long need = Math.Max(2 * Sized.Total(incoming), MinimumRoomBytes);
        var newReadings = incoming.Where(item => item.Entry.Kind == EntryKind.Reading).ToList();
        EntryKind victim;
        if (_depth - _alarmDepth > 0)
        {
            victim = EntryKind.Reading;
        }
        else if (newReadings.Count > 0)
        {
            DropAfterFailure(newReadings, DropReason.DiskFull, outcome);
            incoming.RemoveAll(item => item.Entry.Kind == EntryKind.Reading);
            return incoming.Count > 0;
        }
        else if (_alarmDepth > 0)
        {
            victim = EntryKind.AlarmEvent;
        }
        else
        {
            return false; // the queue is empty and still nothing fits
        }

        try
        {
            var counters = new CounterDelta();
            WriteTransaction(
                scope =>
                {
                    var removed = scope.Database.DeleteOldest(scope.Transaction, victim, need);
                    scope.Removed(removed);
                    scope.Counters.AddDrops(DropReason.DiskFull, removed);
                    _diskFullDroppedOld += removed.Count;
                },
                counters);
            return true;
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            return false; // even deleting needs a little space (WAL frames): give up on this batch
        }
    }

    private bool TryCheckpoint()
    {
        try
        {
            long walBefore = _db!.FileBytes();
            _db.CheckpointAndTruncateWal();
            return _db.FileBytes() < walBefore;
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            return false; // copying the WAL into the file needs room there too
        }
    }

    private void DropAfterFailure(List<Sized> items, DropReason reason, AppendOutcome outcome)
    {
        var tally = default(KindTally);
        foreach (var item in items)
        {
            tally.Add(item.Entry.Kind, item.Size);
        }

        CountDrops(reason, tally);
        _failureDroppedNew += items.Count;
        outcome.Dropped(items.Count, reason);
        items.Clear();
    }

    private void ReportWriteFailure(DropReason reason, Exception exception, bool countEvent = true)
    {
        var condition = reason == DropReason.DiskFull ? StoreCondition.DiskFull : StoreCondition.WriteError;
        string detail = SqliteFailure.Describe(exception);
        string directory = _options.DataDirectory;
        string message = condition == StoreCondition.DiskFull
            ? "Disk full on the filesystem of " + directory + " (" + detail + "): new entries are being dropped. Free space (df -h "
              + directory + ") or lower Storage:MaxBytes / Storage:MaxFileBytes."
            : "Writes to " + _options.DatabasePath + " fail (" + detail + "): new entries are being dropped. Check dmesg for I/O errors and the permissions of "
              + directory + "; replace the card if errors repeat.";
        bool entering = _health.Condition != condition;
        if (countEvent)
        {
            Count(condition == StoreCondition.DiskFull ? StoreEvents.DiskFullKey : StoreEvents.WriteErrorKey, 1);
        }

        SetHealth(condition, message);
        long now = _clock.GetTimestamp();
        if (entering || _lastFailureLog == long.MinValue || _clock.GetElapsedTime(_lastFailureLog, now) >= RepeatLogInterval)
        {
            _lastFailureLog = now;
            if (condition == StoreCondition.DiskFull)
            {
                StoreLog.DiskFull(_log, _options.DatabasePath, detail, _diskFullDroppedOld, _failureDroppedNew, directory, _options.MaxBytes, _options.EffectiveMaxFileBytes);
            }
            else
            {
                StoreLog.WriteError(_log, _options.DatabasePath, detail, _failureDroppedNew, directory);
            }
        }
    }

    /// <summary>
    /// The disk filled up but a checkpoint or dropping old readings made room: logged (at most once a minute), while
    /// the health stays as it is because no new entry was lost.
    /// </summary>
    private void ReportRoomMade(SqliteFailureKind kind, Exception exception)
    {
        long now = _clock.GetTimestamp();
        if (_lastFailureLog != long.MinValue && _clock.GetElapsedTime(_lastFailureLog, now) < RepeatLogInterval)
        {
            return;
        }

        _lastFailureLog = now;
        if (kind == SqliteFailureKind.IoError)
        {
            StoreLog.WalCheckpointedAfterWriteError(_log, _options.DatabasePath, SqliteFailure.Describe(exception), _options.DataDirectory);
        }
        else
        {
            StoreLog.DiskFull(_log, _options.DatabasePath, SqliteFailure.Describe(exception), _diskFullDroppedOld, _failureDroppedNew,
                _options.DataDirectory, _options.MaxBytes, _options.EffectiveMaxFileBytes);
        }
    }

    private void LogLimitDrops(LimitDrops drops)
    {
        long now = _clock.GetTimestamp();
        if (drops.Capacity.Count + drops.Aged.Count + drops.IncomingAged.Count == 0
            || (_lastLimitLog != long.MinValue && _clock.GetElapsedTime(_lastLimitLog, now) < RepeatLogInterval))
        {
            return;
        }

        _lastLimitLog = now;
        var totals = DropCounts.FromCounters(_counters);
        if (drops.Capacity.Count > 0)
        {
            StoreLog.LimitDrops(_log, _options.DatabasePath, drops.Capacity.Count, drops.Capacity.Alarms, nameof(StoreOptions.MaxBytes),
                _options.MaxBytes + " B", totals.Total(DropReason.CapacityBytes));
        }

        long aged = drops.Aged.Count + drops.IncomingAged.Count;
        if (aged > 0)
        {
            StoreLog.LimitDrops(_log, _options.DatabasePath, aged, drops.Aged.Alarms + drops.IncomingAged.Alarms, nameof(StoreOptions.MaxAge),
                _options.MaxAge.TotalHours.ToString("F1", System.Globalization.CultureInfo.InvariantCulture) + " h", totals.Total(DropReason.Age));
        }
    }

    /// <summary>Reserves sequence numbers in queue.seq before they are used; a failure is reported, not fatal.</summary>
    private void CoverSequence(ulong end)
    {
        try
        {
            _reservation?.Cover(end);
            _reservationFailed = false;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            if (!_reservationFailed)
            {
                _reservationFailed = true;
                StoreLog.ReservationFailed(_log, _options.DataDirectory, exception.Message);
            }
        }
    }

    private void SignalAppended()
    {
        if (_appended.CurrentCount == 0)
        {
            _appended.Release();
        }
    }

    /// <summary>An entry and its accounted size, computed once.</summary>
    private readonly record struct Sized(NewEntry Entry, long Size)
    {
        public static Sized Of(NewEntry entry)
        {
            ArgumentNullException.ThrowIfNull(entry);
            ArgumentNullException.ThrowIfNull(entry.Source, nameof(entry.Source));
            ArgumentNullException.ThrowIfNull(entry.Payload, nameof(entry.Payload));
            if (!Enum.IsDefined(entry.Kind))
            {
                throw new ArgumentException("entry kind " + (int)entry.Kind + " is neither Reading nor AlarmEvent", nameof(entry));
            }

            return new Sized(entry, entry.AccountedBytes);
        }

        public static long Total(List<Sized> items)
        {
            long total = 0;
            foreach (var item in items)
            {
                total += item.Size;
            }

            return total;
        }
    }

    /// <summary>What limits removed during one append transaction.</summary>
    private sealed class LimitDrops
    {
        public KindTally Capacity;
        public KindTally Aged;
        public KindTally IncomingAged;
        public long CapacityStored;
        public int IncomingCount;
        public DropReason? IncomingReason;

        /// <summary>The entries inserted, in seq order from <see cref="FirstInsertedSeq"/> (for the forwarder's live tail).</summary>
        public NewEntry[] Inserted = [];
        public ulong FirstInsertedSeq;

        public void DropIncoming(Sized item, DropReason reason)
        {
            if (reason == DropReason.Age)
            {
                IncomingAged.Add(item.Entry.Kind, item.Size);
            }
            else
            {
                Capacity.Add(item.Entry.Kind, item.Size);
            }

            IncomingCount++;
            IncomingReason = reason;
        }
    }

    /// <summary>Builds the AppendResult over attempts.</summary>
    private sealed class AppendOutcome
    {
        private int _stored;
        private ulong _firstSeq;
        private int _dropped;
        private DropReason? _reason;

        public void Stored(LimitDrops drops, WriteScope scope, int stored)
        {
            _stored = stored;
            _firstSeq = stored > 0 ? scope.NextSeq - (ulong)stored : 0;
            if (drops.IncomingCount > 0)
            {
                Dropped(drops.IncomingCount, drops.IncomingReason ?? DropReason.CapacityBytes);
            }
        }

        public void Dropped(int count, DropReason reason)
        {
            if (count > 0)
            {
                _dropped += count;
                _reason = reason;
            }
        }

        public AppendResult Result() => new(_stored, _firstSeq, _dropped, _reason);
    }
}
