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

    public ulong Insert(NewEntry entry, long size)
    {
        ulong seq = NextSeq;
        Database.Insert(Transaction, seq, entry, size);
        NextSeq = seq + 1;
        DepthChange++;
        AlarmChange += entry.Kind == EntryKind.AlarmEvent ? 1 : 0;
        BytesChange += size;
        return seq;
    }

    public void Removed(in KindTally tally)
    {
        DepthChange -= tally.Count;
        AlarmChange -= tally.Alarms;
        BytesChange -= tally.Bytes;
    }
}
