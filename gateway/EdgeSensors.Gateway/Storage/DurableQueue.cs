using EdgeSensors.Gateway.Storage.Backfill;
using EdgeSensors.Gateway.Storage.Queue;
using EdgeSensors.Gateway.Storage.Recovery;
using EdgeSensors.Gateway.Storage.Retention;
using EdgeSensors.Gateway.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSensors.Gateway.Storage;

/// <summary>
/// The gateway's durable store-and-forward queue (docs/storage.md): every reading and alarm event is committed to
/// queue.db (SQLite, WAL) before it may be published, gets a per-gateway sequence number that is never reused, and is
/// removed only when the broker acknowledged it (<see cref="Ack"/>), or dropped by the documented limits.
/// Thread-safe for one appender (the poller) and one forwarder: every call holds one lock only for its own disk work,
/// and nothing here waits on the network, so the poller never waits on the broker.
/// </summary>
public sealed partial class DurableQueue : IDisposable
{
    private static readonly TimeSpan ReopenInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan AgeCheckInterval = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private readonly StoreOptions _options;
    private readonly ILogger _log;
    private readonly TimeProvider _clock;
    private readonly TokenBucket _backfill;
    private readonly SemaphoreSlim _appended = new(0, 1);
    private readonly Dictionary<string, long> _counters = new(StringComparer.Ordinal);
    private readonly HashSet<string> _unwrittenCounters = new(StringComparer.Ordinal);
    private readonly HashSet<ulong> _unwrittenAcks = [];

    private QueueDatabase? _db;
    private SequenceReservation? _reservation;
    private ulong _nextSeq = 1;
    private long _depth;
    private long _alarmDepth;
    private long _bytes;
    private long _lastAgeCheck;
    private long _lastOpenAttempt;
    private StoreHealth _health;
    private StoreHealth _healthyBaseline;
    private bool _disposed;

    private DurableQueue(StoreOptions options, ILogger logger)
    {
        _options = options;
        _log = logger;
        _clock = options.Clock;
        _backfill = new TokenBucket(options.BackfillRatePerSecond, options.BackfillBurst, _clock);
        _tail = new LiveTail(options.LiveTailEntries, options.LiveTailBytes);
        _health = new StoreHealth(StoreCondition.Healthy, "", _clock.GetUtcNow());
        _healthyBaseline = _health;
        _lastAgeCheck = long.MinValue;
    }

    /// <summary>
    /// Opens (or creates) the queue in Storage:DataDirectory. A damaged database is salvaged and a torn WAL reported
    /// here; neither throws. Throws <see cref="StoreConfigurationException"/> for bad settings and
    /// <see cref="StoreUnavailableException"/> when the data directory cannot be created.
    /// </summary>
    public static DurableQueue Open(StoreOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        try
        {
            Directory.CreateDirectory(options.DataDirectory);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException(
                "Cannot create Storage:DataDirectory '" + options.DataDirectory + "' (" + exception.Message
                + "): create it on persistent storage and give the gateway's user write access.", exception);
        }

        var queue = new DurableQueue(options, logger ?? NullLogger.Instance);
        lock (queue._gate)
        {
            queue.TryOpenDatabase(startup: true, knownDamage: null);
        }

        return queue;
    }

    /// <summary>The settings this queue runs with.</summary>
    public StoreOptions Options => _options;

    /// <summary>A snapshot of depth, bytes, oldest age, drops by reason, incidents, health and the next seq.</summary>
    public QueueStats GetStats()
    {
        lock (_gate)
        {
            ThrowIfDisposed();
            TimeSpan? oldestAge = null;
            long fileBytes = 0;
            if (_db is not null)
            {
                try
                {
                    if (_db.OldestAcquiredMs() is long oldest)
                    {
                        oldestAge = TimeSpan.FromMilliseconds(Math.Max(0, NowMs() - oldest));
                    }

                    fileBytes = _db.FileBytes();
                }
                catch (Exception exception) when (SqliteFailure.Classify(exception) != SqliteFailureKind.Other)
                {
                    oldestAge = null; // the health already says why the file is unreadable
                }
            }

            return new QueueStats(_depth, _alarmDepth, _bytes, _options.MaxBytes, oldestAge, _nextSeq,
                DropCounts.FromCounters(_counters), StoreEvents.FromCounters(_counters), _health, fileBytes);
        }
    }

    /// <summary>Waits until something is appended (or the timeout passes); the forwarder's idle wait.</summary>
    public Task<bool> WaitForAppendAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        _appended.WaitAsync(timeout, cancellationToken);

    /// <summary>Closes the database cleanly (SQLite checkpoints and removes the WAL, which marks a clean shutdown).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            TryWritePendingState();
            _db?.Dispose();
            _db = null;
            _tail.Reset(_nextSeq);
        }

        _appended.Dispose();
    }

    private long NowMs() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(_disposed, this);

    private void SetHealth(StoreCondition condition, string message)
    {
        if (_health.Condition != condition || _health.Message != message)
        {
            _health = new StoreHealth(condition, message, _clock.GetUtcNow());
        }
    }

    /// <summary>After a successful write: a disk-full or write-error condition is over.</summary>
    private void MarkWritesSucceed()
    {
        if (_health.Condition is StoreCondition.DiskFull or StoreCondition.WriteError && !_reserveInUse)
        {
            StoreLog.WritesRecovered(_log, _options.DatabasePath, _health.Condition.ToString());
            _health = _healthyBaseline;
        }
    }

    private void Count(string key, long delta)
    {
        if (delta == 0)
        {
            return;
        }

        _counters[key] = (_counters.TryGetValue(key, out long value) ? value : 0) + delta;
        _unwrittenCounters.Add(key);
    }

    private void CountDrops(DropReason reason, in KindTally tally)
    {
        Count(DropCounts.Key(reason, EntryKind.Reading), tally.Readings);
        Count(DropCounts.Key(reason, EntryKind.AlarmEvent), tally.Alarms);
    }

    /// <summary>Commits a transaction's counter increments and depth changes to memory after it committed.</summary>
    private void Apply(CounterDelta delta, long depthChange, long alarmChange, long bytesChange)
    {
        delta.ApplyTo(_counters);
        _unwrittenCounters.Clear();
        _depth += depthChange;
        _alarmDepth += alarmChange;
        _bytes += bytesChange;
    }

    /// <summary>Best effort at close: counters and acks a failed write left only in memory.</summary>
    private void TryWritePendingState()
    {
        if (_db is null || (_unwrittenCounters.Count == 0 && _unwrittenAcks.Count == 0))
        {
            return;
        }

        try
        {
            WriteTransaction(_ => { }, new CounterDelta());
        }
        catch (Exception exception) when (SqliteFailure.Classify(exception) != SqliteFailureKind.Other)
        {
            // Already reported when the first write failed; the counters are lost with the process.
        }
    }
}
