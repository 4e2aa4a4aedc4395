using EdgeSensors.Gateway.Storage;
using EdgeSensors.Gateway.Storage.Backfill;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeSensors.Gateway.Tests.Storage;

/// <summary>
/// The forwarder's in-memory live tail changes where entries come from, never which: two queues driven by the same
/// random operations, one with the tail (small or default-sized) and one reading everything back from SQLite, hand out
/// exactly the same entries in the same order, with the same backlog retry hints.
/// </summary>
public sealed class LiveTailProperties
{
    public enum OpKind
    {
        Append,
        Take,
        Ack,
        BeginSession,
        Reopen,
        AdvanceClock,
        ExpireOld,
    }

    /// <summary>One step; A and B are its size, seed or duration (see QueuePair.Apply).</summary>
    public readonly record struct Op(OpKind Kind, int A, int B);

    [Property(MaxTest = 40)]
    public Property The_tail_hands_out_exactly_what_the_file_would()
    {
        Gen<Op> op = Gen.Frequency(
            (6, from count in Gen.Choose(1, 24) from seed in Gen.Choose(0, 1 << 20) select new Op(OpKind.Append, count, seed)),
            (6, Gen.Choose(1, 60).Select(max => new Op(OpKind.Take, max, 0))),
            (4, Gen.Choose(0, 1 << 20).Select(seed => new Op(OpKind.Ack, seed, 0))),
            (1, Gen.Constant(new Op(OpKind.BeginSession, 0, 0))),
            (1, Gen.Constant(new Op(OpKind.Reopen, 0, 0))),
            (2, Gen.Choose(1, 2000).Select(ms => new Op(OpKind.AdvanceClock, ms, 0))),
            (1, Gen.Choose(1, 30).Select(minutes => new Op(OpKind.ExpireOld, minutes, 0))));
        Gen<(int TailEntries, int TailBytes, Op[] Ops)> cases =
            from tailEntries in Gen.Frequency((3, Gen.Choose(1, 48)), (1, Gen.Constant(65_536)))
            from tailBytes in Gen.Frequency((3, Gen.Choose(200, 60_000)), (1, Gen.Constant(8 * 1024 * 1024)))
            from length in Gen.Choose(10, 90)
            from ops in Gen.ArrayOf(op, length)
            select (tailEntries, tailBytes, ops);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var pair = new QueuePair(c.TailEntries, c.TailBytes);
            foreach (var step in c.Ops)
            {
                pair.Apply(step);
            }

            pair.Apply(new Op(OpKind.BeginSession, 0, 0));
            pair.Apply(new Op(OpKind.Take, 100_000, 0)); // whatever is left compares too
            return true;
        });
    }

    /// <summary>The same operations on a queue with the tail off (the reference) and one with it on.</summary>
    private sealed class QueuePair : IDisposable
    {
        private readonly StoreDirectory _referenceDir = new();
        private readonly StoreDirectory _tailDir = new();
        private readonly StoreClock _referenceClock = new();
        private readonly StoreClock _tailClock = new();
        private readonly int _tailEntries;
        private readonly int _tailBytes;
        private readonly List<ulong> _unacked = [];
        private DurableQueue _reference;
        private DurableQueue _tail;
        private int _index;

        public QueuePair(int tailEntries, int tailBytes)
        {
            _tailEntries = tailEntries;
            _tailBytes = tailBytes;
            _reference = Open(_referenceDir, _referenceClock, 0, 0);
            _tail = Open(_tailDir, _tailClock, tailEntries, tailBytes);
        }

        public void Apply(Op op)
        {
            switch (op.Kind)
            {
                case OpKind.Append:
                    var entries = NewEntries(op.A, new Random(op.B));
                    var expected = _reference.AppendBatch(entries);
                    Assert.Equal(expected, _tail.AppendBatch(entries));
                    break;
                case OpKind.Take:
                    var reference = _reference.TakeBatch(op.A);
                    var actual = _tail.TakeBatch(op.A);
                    Assert.Equal(Describe(reference), Describe(actual));
                    Assert.Equal(reference.BacklogRetryAfter, actual.BacklogRetryAfter);
                    _unacked.AddRange(reference.Entries.Select(e => e.Seq));
                    break;
                case OpKind.Ack:
                    var random = new Random(op.A);
                    var seqs = _unacked.Where(_ => random.Next(2) == 0).ToList();
                    if (random.Next(4) == 0)
                    {
                        seqs.Add((ulong)random.NextInt64(1, (long)_reference.GetStats().NextSeq + 3)); // maybe not handed out yet
                    }

                    _unacked.RemoveAll(seqs.Contains);
                    Assert.Equal(_reference.Ack([.. seqs]), _tail.Ack([.. seqs]));
                    break;
                case OpKind.BeginSession:
                    _reference.BeginSession();
                    _tail.BeginSession();
                    _unacked.Clear();
                    break;
                case OpKind.Reopen:
                    _reference.Dispose();
                    _tail.Dispose();
                    _reference = Open(_referenceDir, _referenceClock, 0, 0);
                    _tail = Open(_tailDir, _tailClock, _tailEntries, _tailBytes);
                    _unacked.Clear();
                    break;
                case OpKind.AdvanceClock:
                    _referenceClock.Advance(TimeSpan.FromMilliseconds(op.A));
                    _tailClock.Advance(TimeSpan.FromMilliseconds(op.A));
                    break;
                case OpKind.ExpireOld:
                    _referenceClock.Advance(TimeSpan.FromMinutes(op.A));
                    _tailClock.Advance(TimeSpan.FromMinutes(op.A));
                    Assert.Equal(_reference.ExpireOld(), _tail.ExpireOld());
                    break;
            }

            var referenceStats = _reference.GetStats();
            var tailStats = _tail.GetStats();
            Assert.Equal((referenceStats.Depth, referenceStats.AlarmDepth, referenceStats.Bytes, referenceStats.NextSeq),
                (tailStats.Depth, tailStats.AlarmDepth, tailStats.Bytes, tailStats.NextSeq));
        }

        public void Dispose()
        {
            _reference.Dispose();
            _tail.Dispose();
            _referenceDir.Dispose();
            _tailDir.Dispose();
        }

        /// <summary>
        /// Readings and some alarms, 16 B to 2.5 KB each (so 64 KiB of Storage:MaxBytes overflows within a few appends),
        /// some acquired up to 70 minutes ago (Storage:MaxAge is 1 h here).
        /// </summary>
        private List<NewEntry> NewEntries(int count, Random random)
        {
            long now = _referenceClock.NowMs;
            var entries = new List<NewEntry>(count);
            for (int i = 0; i < count; i++)
            {
                int index = _index++;
                long acquired = random.Next(5) == 0 ? now - random.Next(70 * 60_000) : now;
                int bytes = random.Next(3) == 0 ? random.Next(16, 2500) : random.Next(16, 200);
                entries.Add(random.Next(4) == 0 ? Entries.Alarm(index, acquired, bytes) : Entries.Reading(index, acquired, bytes));
            }

            return entries;
        }

        private static List<string> Describe(ForwardBatch batch) =>
            batch.Entries.Select(e => e.Seq + " " + e.Kind + " " + e.AcquiredAtMs + " " + e.Source + " " + Convert.ToHexString(e.Payload) + (e.IsBackfill ? " backfill" : " live")).ToList();

        private static DurableQueue Open(StoreDirectory dir, StoreClock clock, int tailEntries, int tailBytes) => DurableQueue.Open(new StoreOptions
        {
            DataDirectory = dir.Path,
            Clock = clock,
            MaxBytes = 64 * 1024,
            MaxAge = TimeSpan.FromHours(1),
            BackfillRatePerSecond = 2000,
            BackfillBurst = 40,
            Synchronous = SynchronousMode.Normal,
            LiveTailEntries = tailEntries,
            LiveTailBytes = tailBytes,
        });
    }
}
