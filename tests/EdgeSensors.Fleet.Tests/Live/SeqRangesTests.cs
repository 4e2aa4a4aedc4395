using EdgeSensors.Fleet.Live.Gaps;

namespace EdgeSensors.Fleet.Tests.Live;

/// <summary>The received-seq ranges behind the gap view, against a plain set of seqs as the oracle.</summary>
public sealed class SeqRangesTests
{
    [Fact]
    public void Merging_batches_in_any_order_gives_the_runs_of_the_union_and_the_holes_between()
    {
        for (int seed = 1; seed <= 300; seed++)
        {
            var random = new Random(seed);
            var oracle = new SortedSet<long>();
            string stored = "";
            int batches = random.Next(1, 12);
            for (int b = 0; b < batches; b++)
            {
                long start = random.Next(0, 200);
                long[] batch = [.. Enumerable.Range(0, random.Next(0, 30)).Select(_ => start + random.Next(0, 60))];
                oracle.UnionWith(batch);
                stored = SeqRanges.Format(SeqRanges.Merge(SeqRanges.Parse(stored), batch)); // through the stored text, as the writer does
            }

            List<SeqRange> ranges = SeqRanges.Parse(stored);
            Assert.Equal(oracle, ranges.SelectMany(r => Enumerable.Range(0, (int)r.Count).Select(i => r.First + i)));
            for (int i = 1; i < ranges.Count; i++)
            {
                Assert.True(ranges[i].First > ranges[i - 1].Last + 1, $"seed {seed}: {stored} has touching or unsorted runs");
            }

            var holes = SeqRanges.Gaps(ranges).SelectMany(g => Enumerable.Range(0, (int)g.Count).Select(i => g.First + i)).ToHashSet();
            if (oracle.Count > 0)
            {
                var expected = Enumerable.Range((int)oracle.Min, (int)(oracle.Max - oracle.Min + 1)).Select(i => (long)i).Where(s => !oracle.Contains(s)).ToHashSet();
                Assert.Equal(expected, holes);
            }
        }
    }

    [Fact]
    public void Duplicates_change_nothing_and_the_extremes_of_long_do_not_overflow()
    {
        List<SeqRange> once = SeqRanges.Merge([], [5, 6, 7]);
        Assert.Equal(once, SeqRanges.Merge(once, [5, 6, 7, 6]));
        List<SeqRange> top = SeqRanges.Merge([], [long.MaxValue, long.MaxValue - 1, long.MaxValue, 0]);
        Assert.Equal([new SeqRange(0, 0), new SeqRange(long.MaxValue - 1, long.MaxValue)], top);
        Assert.Equal(top, SeqRanges.Parse(SeqRanges.Format(top)));
    }

    [Fact]
    public void Past_the_limit_the_lowest_runs_are_dropped_and_the_newest_holes_kept()
    {
        long[] evens = [.. Enumerable.Range(0, SeqRanges.MaxRanges + 5).Select(i => (long)i * 2)];
        List<SeqRange> ranges = SeqRanges.Merge([], evens);
        Assert.Equal(SeqRanges.MaxRanges, ranges.Count);
        Assert.Equal(10, ranges[0].First); // 0, 2, 4, 6, 8 dropped
        Assert.Equal(evens[^1], ranges[^1].Last);
        Assert.Equal(new SeqRange(evens[^1] - 1, evens[^1] - 1), SeqRanges.Gaps(ranges).First());
    }
}
