using EdgeSensors.Gateway.Storage.Queue;
using EdgeSensors.Gateway.Storage.Recovery;
using EdgeSensors.Gateway.Storage.Retention;
using EdgeSensors.Gateway.Storage.Sqlite;

namespace EdgeSensors.Gateway.Storage;

public sealed partial class DurableQueue
{
    private DropReason _unavailableReason = DropReason.WriteError;

    /// <summary>Opens the database when it is closed, at most once per <see cref="ReopenInterval"/>.</summary>
    private bool EnsureOpen()
    {
        if (_db is not null)
        {
            return true;
        }

        if (_clock.GetElapsedTime(_lastOpenAttempt) < ReopenInterval)
        {
            return false;
        }

        return TryOpenDatabase(startup: false, knownDamage: null);
    }

    /// <summary>
    /// Opens queue.db: finishes an interrupted salvage, inspects a leftover WAL (unclean shutdown), runs quick_check,
    /// salvages a damaged file, then loads depth, counters and the next seq. Storage failures leave the queue closed
    /// (appends are dropped and counted) and are retried by <see cref="EnsureOpen"/>.
    /// </summary>
    private bool TryOpenDatabase(bool startup, string? knownDamage)
    {
        _lastOpenAttempt = _clock.GetTimestamp();
        string path = _options.DatabasePath;
        QueueDatabase? db = null;
        try
        {
            if (DatabaseSalvage.FinishInterrupted(path))
            {
                StoreLog.SalvageCompleted(_log, path);
            }

            _reservation = SequenceReservation.Open(_options.DataDirectory);
            var wal = startup ? WalInspector.Inspect(QueueConnection.WalPath(path)) : null;
            string? damage = knownDamage;
            if (damage is null)
            {
                try
                {
                    db = QueueDatabase.Open(path, _options.Synchronous, _options.EffectiveMaxFileBytes, backgroundCheckpoint: true);
                    damage = db.QuickCheck();
                }
                catch (Exception exception) when (SqliteFailure.Classify(exception) == SqliteFailureKind.Corrupt)
                {
                    damage = SqliteFailure.Describe(exception);
                }

                if (damage is not null)
                {
                    db?.Dispose();
                    db = null;
                }
            }

            SalvageReport? salvage = null;
            if (damage is not null)
            {
                salvage = DatabaseSalvage.Run(path, _options.Synchronous, _clock);
                db = QueueDatabase.Open(path, _options.Synchronous, _options.EffectiveMaxFileBytes, backgroundCheckpoint: true);
            }

            long converted = db!.MigrateLegacyEntries();
            if (converted > 0)
            {
                StoreLog.ConvertedLegacyLayout(_log, path, converted);
            }

            Load(db, wal, salvage, damage);
            db.StartCheckpointer();
            ArmReserve();
            return true;
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            db?.Dispose();
            _db = null;
            var kind = SqliteFailure.Classify(exception);
            _unavailableReason = kind == SqliteFailureKind.DiskFull ? DropReason.DiskFull : DropReason.WriteError;
            string detail = SqliteFailure.Describe(exception);
            SetHealth(kind == SqliteFailureKind.DiskFull ? StoreCondition.DiskFull : StoreCondition.WriteError,
                "Cannot open " + path + " (" + detail + "): new entries are dropped until it opens; retried every "
                + ReopenInterval.TotalSeconds + " s. Free space on, or fix the permissions of, " + _options.DataDirectory + ".");
            StoreLog.Unavailable(_log, path, detail, DropCounts.ReasonName(_unavailableReason), (int)ReopenInterval.TotalSeconds, _options.DataDirectory);
            return false;
        }
    }

    private void Load(QueueDatabase db, WalInspection? wal, SalvageReport? salvage, string? damage)
    {
        foreach (var (name, value) in db.ReadCounters())
        {
            // After a salvage at run time, memory may be ahead of what the damaged file had persisted.
            _counters[name] = Math.Max(value, _counters.TryGetValue(name, out long known) ? known : 0);
        }

        var totals = db.ReadTotals();
        _depth = totals.Depth;
        _bytes = totals.Bytes;
        _alarmDepth = totals.Alarms;
        ulong storedNext = db.ReadNextSeq();
        ulong next = Math.Max(Math.Max(storedNext, totals.MaxSeq + 1), _nextSeq);
        if (wal is not null || salvage is not null || storedNext <= 1)
        {
            // The file may have lost its newest commits (or was deleted and created anew): numbers below the
            // reserved ceiling may have been handed out already.
            next = Math.Max(next, _reservation?.Ceiling ?? 0);
        }

        _nextSeq = next;
        _db = db;
        ResetSession();

        var counters = new CounterDelta();
        if (wal is not null)
        {
            counters.Add(StoreEvents.UncleanShutdownKey, 1);
            counters.Add(StoreEvents.TornWalKey, wal.LostTail ? 1 : 0);
        }

        if (salvage is not null)
        {
            counters.Add(StoreEvents.CorruptionKey, 1);
            counters.Add(StoreEvents.SalvagedKey, salvage.Salvaged.Count);
            counters.Add(DropCounts.Key(DropReason.Corruption, EntryKind.Reading), salvage.LostReadings);
            counters.Add(DropCounts.Key(DropReason.Corruption, EntryKind.AlarmEvent), salvage.LostAlarms);
        }

        PersistOpenState(counters);
        Report(wal, salvage, damage);
    }

    /// <summary>Writes the next seq and the incident counters at once, so a crash right after start does not lose them.</summary>
    private void PersistOpenState(CounterDelta counters)
    {
        try
        {
            WriteTransaction(_ => { }, counters);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            // Keep them in memory; the next successful write persists them.
            foreach (string key in counters.Keys.ToList())
            {
                Count(key, counters.Of(key));
            }

            var kind = SqliteFailure.Classify(exception);
            ReportWriteFailure(kind == SqliteFailureKind.DiskFull ? DropReason.DiskFull : DropReason.WriteError, exception);
        }
    }

    private void Report(WalInspection? wal, SalvageReport? salvage, string? damage)
    {
        string path = _options.DatabasePath;
        if (salvage is not null)
        {
            string message = "The queue database was damaged (" + damage + ") and was rebuilt: " + salvage.Describe() + "; "
                + salvage.LostReadings + " readings and " + salvage.LostAlarms + " alarms known lost. The damaged file is "
                + salvage.AsidePath + ". Check the storage medium and replace it if this repeats.";
            _health = _healthyBaseline = new StoreHealth(StoreCondition.Recovered, message, _clock.GetUtcNow());
            StoreLog.CorruptionRecovered(_log, path, damage ?? "unknown damage", salvage.Describe(), salvage.AsidePath, salvage.LostReadings, salvage.LostAlarms);
        }
        else if (wal is { LostTail: true })
        {
            string message = "The previous run ended in a power cut or crash and SQLite discarded part of the write-ahead log ("
                + wal.Describe() + "). Appends that had returned were kept at Synchronous=Full. Nothing to do unless this repeats.";
            _health = _healthyBaseline = new StoreHealth(StoreCondition.Recovered, message, _clock.GetUtcNow());
            StoreLog.TornWal(_log, path, wal.Describe(), _nextSeq);
        }
        else if (wal is not null)
        {
            StoreLog.UncleanShutdown(_log, path, wal.Describe(), _nextSeq);
        }
    }

    /// <summary>A damaged page turned up while running: close, salvage into a fresh file, reopen.</summary>
    private void RecoverFromDamage(Exception exception)
    {
        _db?.Dispose();
        _db = null;
        _tail.Reset(_nextSeq); // the salvaged file may have lost entries the tail holds (a reopen resets it too)
        TryOpenDatabase(startup: false, knownDamage: SqliteFailure.Describe(exception));
    }
}
