using System.Diagnostics;
using EdgeSensors.Gateway.Storage.Queue;

namespace EdgeSensors.Gateway.Storage;

/// <summary>
/// Group commit in front of the <see cref="DurableQueue"/>: producers (the poll loops) hand their entries over and go
/// on at once; one committer thread appends everything handed over since its last commit as one batch (one SQLite
/// transaction), starting a commit at most <see cref="Interval"/> after the previous one started, and at once when an
/// alarm event is waiting. So producers never wait for the disk, readings are committed at least every interval, and
/// a slow commit (an fsync, a WAL checkpoint) makes the next batch bigger instead of holding up the polls.
/// Nothing offered is published before it is committed: the forwarder reads only from the queue.
/// </summary>
public sealed class GroupCommitter : IDisposable
{
    private readonly DurableQueue _queue;
    private readonly object _gate = new();
    private readonly Thread _thread;
    private List<NewEntry> _pending = [];
    private List<NewEntry> _spare = [];
    private long _pendingSince;
    private bool _urgent;
    private bool _stopping;
    private long _offered;
    private long _committed;
    private long _committedReadings;
    private long _commits;
    private bool _disposed;

    /// <param name="queue">The queue to append to; the committer does not own it.</param>
    /// <param name="interval">Longest time between commit starts while entries are waiting (at most 1 s).</param>
    public GroupCommitter(DurableQueue queue, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(queue);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(interval, TimeSpan.FromSeconds(1));
        _queue = queue;
        Interval = interval;
        _thread = new Thread(Run) { IsBackground = true, Name = "queue group commit" };
        _thread.Start();
    }

    public TimeSpan Interval { get; }

    /// <summary>Called on the committer thread after each commit (benchmarks measure with it); must be quick.</summary>
    public Action<GroupCommit>? Committed { get; init; }

    /// <summary>Readings appended so far (stored or, when a limit or the disk refused them, dropped and counted by the queue).</summary>
    public long CommittedReadings => Interlocked.Read(ref _committedReadings);

    /// <summary>Commits so far.</summary>
    public long Commits => Interlocked.Read(ref _commits);

    /// <summary>
    /// Hands entries over for the next commit and returns at once with a ticket for <see cref="WaitCommitted"/>.
    /// An alarm event among them starts the next commit without waiting for the interval.
    /// </summary>
    public long Offer(IReadOnlyList<NewEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopping, this);
            if (entries.Count == 0)
            {
                return _offered;
            }

            bool wasEmpty = _pending.Count == 0;
            bool wasUrgent = _urgent;
            if (wasEmpty)
            {
                _pendingSince = Stopwatch.GetTimestamp();
            }

            foreach (NewEntry entry in entries)
            {
                _pending.Add(entry);
                _urgent |= entry.Kind == EntryKind.AlarmEvent;
            }

            _offered += entries.Count;

            // Wake the committer only when this changes what it waits for (the first entry, or an alarm); waking it
            // for every poll made it a context switch per poll just to go back to sleep until the interval is up.
            if (wasEmpty || (_urgent && !wasUrgent))
            {
                Monitor.PulseAll(_gate);
            }

            return _offered;
        }
    }

    /// <summary>Waits until everything offered up to <paramref name="ticket"/> has been appended; false on timeout.</summary>
    public bool WaitCommitted(long ticket, TimeSpan timeout)
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        lock (_gate)
        {
            while (_committed < ticket)
            {
                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0 || !_thread.IsAlive)
                {
                    return false;
                }

                _urgent = true;
                Monitor.PulseAll(_gate);
                Monitor.Wait(_gate, TimeSpan.FromSeconds(Math.Min(1.0, left / (double)Stopwatch.Frequency)));
            }

            return true;
        }
    }

    /// <summary>Commits what is waiting, then stops the committer thread. The queue stays open.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stopping = true;
            Monitor.PulseAll(_gate);
        }

        _thread.Join();
    }

    private void Run()
    {
        long lastStart = Stopwatch.GetTimestamp(); // the first commit waits an interval too: the first polls of all devices go together
        long intervalTicks = (long)(Interval.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            List<NewEntry> batch;
            long waitingSince;
            lock (_gate)
            {
                while (_pending.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_pending.Count == 0)
                {
                    return;
                }

                // Let the batch grow until the interval since the last commit started is up, unless an alarm waits.
                while (!_urgent && !_stopping)
                {
                    long left = lastStart + intervalTicks - Stopwatch.GetTimestamp();
                    if (left <= 0)
                    {
                        break;
                    }

                    Monitor.Wait(_gate, TimeSpan.FromSeconds(left / (double)Stopwatch.Frequency));
                }

                batch = _pending;
                _pending = _spare;
                waitingSince = _pendingSince;
                _urgent = false;
            }

            long start = Stopwatch.GetTimestamp();
            long previousStart = lastStart;
            lastStart = start;
            AppendResult result;
            try
            {
                result = _queue.AppendBatch(batch);
            }
            catch (ObjectDisposedException)
            {
                return; // the queue was closed under us: nothing can be committed any more
            }

            long end = Stopwatch.GetTimestamp();
            int readings = 0;
            foreach (NewEntry entry in batch)
            {
                readings += entry.Kind == EntryKind.Reading ? 1 : 0;
            }

            Interlocked.Add(ref _committedReadings, readings);
            Interlocked.Increment(ref _commits);
            Committed?.Invoke(new GroupCommit(batch.Count, result, start, end, previousStart, waitingSince));
            lock (_gate)
            {
                _committed += batch.Count;
                batch.Clear();
                _spare = batch;
                Monitor.PulseAll(_gate);
            }
        }
    }
}

/// <summary>One group commit, for measurements. Times are <see cref="Stopwatch.GetTimestamp"/> values.</summary>
/// <param name="Entries">Entries appended in it.</param>
/// <param name="Result">What the queue stored and dropped.</param>
/// <param name="StartedAt">When the append started.</param>
/// <param name="EndedAt">When it returned (the entries were durable).</param>
/// <param name="PreviousStartedAt">When the previous commit started (0 for the first).</param>
/// <param name="OldestOfferedAt">When the oldest entry of the batch was handed over.</param>
public readonly record struct GroupCommit(int Entries, AppendResult Result, long StartedAt, long EndedAt, long PreviousStartedAt, long OldestOfferedAt);
