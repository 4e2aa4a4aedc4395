using EdgeSensors.Gateway.Storage.Queue;
using EdgeSensors.Gateway.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace EdgeSensors.Gateway.Storage;

public sealed partial class DurableQueue
{
    /// <summary>
    /// Runs <paramref name="body"/> in one transaction together with the bookkeeping every write carries: acks and
    /// counters a failed write left in memory, the counter increments, and meta (next seq, depth). Memory changes only
    /// after the commit. Throws the storage exception when the write fails.
    /// </summary>
    private WriteScope WriteTransaction(Action<WriteScope> body, CounterDelta counters)
    {
        var db = _db ?? throw new InvalidOperationException("the queue database is not open");
        var transaction = db.Begin();
        ulong firstSeq = _nextSeq;
        var scope = new WriteScope(db, transaction, firstSeq, counters);
        try
        {
            if (_unwrittenAcks.Count > 0)
            {
                scope.Acked(db.RemoveSeqs(transaction, _unwrittenAcks));
            }

            body(scope);
            db.WriteCounters(transaction, counters.ValuesToWrite(_counters, _unwrittenCounters));
            db.WriteMeta(transaction, scope.NextSeq, _depth + scope.DepthChange, _alarmDepth + scope.AlarmChange);
            transaction.Commit();
        }
        finally
        {
            DisposeQuietly(transaction);
        }

        if (scope.Dropped)
        {
            // A limit or a full disk took entries the tail may hold: serve from the file until the tail covers again
            // (entries this transaction inserted are added to the tail by the caller).
            _tail.Reset(firstSeq);
        }
        else if (_unwrittenAcks.Count > 0)
        {
            _tail.Remove(_unwrittenAcks);
        }

        _unwrittenAcks.Clear();
        Apply(counters, scope.DepthChange, scope.AlarmChange, scope.BytesChange);
        _nextSeq = scope.NextSeq;
        return scope;
    }

    /// <summary>Rolls back an unfinished transaction; SQLite may already have rolled it back itself after SQLITE_FULL.</summary>
    private static void DisposeQuietly(SqliteTransaction transaction)
    {
        try
        {
            transaction.Dispose();
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException)
        {
            // nothing left to roll back
        }
    }

    private static bool IsStorageFailure(Exception exception) => SqliteFailure.Classify(exception) != SqliteFailureKind.Other;
}
