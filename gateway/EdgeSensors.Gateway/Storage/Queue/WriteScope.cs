using EdgeSensors.Gateway.Storage.Segments;
using Microsoft.Data.Sqlite;

namespace EdgeSensors.Gateway.Storage.Queue;

/// <summary>One write transaction in progress: its connection, and the changes to apply in memory once it commits.</summary>
internal sealed class WriteScope(QueueDatabase database, SqliteTransaction transaction, ulong nextSeq, CounterDelta counters)
{
    public QueueDatabase Database { get; } = database;

    public SqliteTransaction Transaction { get; } = transaction;

    public CounterDelta Counters { get; } = counters;

    /// <summary>The seq the next insert gets; advanced by <see cref="Insert"/>.</summary>
    public ulong NextSeq { get; private set; } = nextSeq;

    public long DepthChange { get; private set; }

    public long AlarmChange { get; private set; }

    public long BytesChange { get; private set; }

    /// <summary>Stores entries (with their accounted sizes) in seq order from <see cref="NextSeq"/>, as segments.</summary>
    public void Insert(IReadOnlyList<NewEntry> entries, IReadOnlyList<long> sizes)
    {
        foreach (var (start, count) in SegmentCodec.Plan(entries))
        {
            long size = 0;
            for (int i = start; i < start + count; i++)
            {
                size += sizes[i];
            }

            Database.InsertSegment(Transaction, NextSeq, entries, start, count, size);
            NextSeq += (ulong)count;
            DepthChange += count;
            AlarmChange += entries[start].Kind == EntryKind.AlarmEvent ? count : 0;
            BytesChange += size;
        }
    }

    /// <summary>True when entries went for another reason than an acknowledgement (a limit, a full disk).</summary>
    public bool Dropped { get; private set; }

    /// <summary>Entries dropped (by a limit or to make room on a full disk).</summary>
    public void Removed(in KindTally tally)
    {
        Dropped |= tally.Count > 0;
        Acked(tally);
    }

    /// <summary>Entries deleted after the broker acknowledged them.</summary>
    public void Acked(in KindTally tally)
    {
        DepthChange -= tally.Count;
        AlarmChange -= tally.Alarms;
        BytesChange -= tally.Bytes;
    }
}
