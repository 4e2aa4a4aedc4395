using System.Globalization;
using System.Text;

namespace EdgeSensors.Fleet.Live.Gaps;

/// <summary>One run of consecutive seqs received, both ends included.</summary>
public readonly record struct SeqRange(long First, long Last)
{
    public long Count => Last - First + 1;
}

/// <summary>
/// The seqs received from one device as sorted, disjoint, non-adjacent ranges, stored as text ("1-100,105-105,107-2000").
/// Merging is a union, so a duplicate changes nothing and a late backfill fills its hole. At most
/// <see cref="MaxRanges"/> are kept: past that, the lowest ranges are dropped and coverage is tracked from the lowest
/// one kept (a device with thousands of holes has a problem the newest holes show well enough).
/// </summary>
public static class SeqRanges
{
    public const int MaxRanges = 2000;

    public static List<SeqRange> Parse(string text)
    {
        var ranges = new List<SeqRange>();
        foreach (string part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int dash = part.IndexOf('-', StringComparison.Ordinal);
            ranges.Add(new SeqRange(long.Parse(part.AsSpan(0, dash), CultureInfo.InvariantCulture), long.Parse(part.AsSpan(dash + 1), CultureInfo.InvariantCulture)));
        }

        return ranges;
    }

    public static string Format(IReadOnlyList<SeqRange> ranges)
    {
        var text = new StringBuilder(ranges.Count * 12);
        foreach (SeqRange r in ranges)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(r.First.ToString(CultureInfo.InvariantCulture)).Append('-').Append(r.Last.ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>The union of <paramref name="ranges"/> and <paramref name="seqs"/>, sorted and coalesced.</summary>
    public static List<SeqRange> Merge(IEnumerable<SeqRange> ranges, IEnumerable<long> seqs)
    {
        var all = ranges.Concat(seqs.Select(s => new SeqRange(s, s))).OrderBy(r => r.First).ToList();
        var merged = new List<SeqRange>(all.Count);
        foreach (SeqRange r in all)
        {
            // Adjacent (last + 1 == first) or overlapping runs become one; Last < long.MaxValue keeps the + 1 from overflowing.
            if (merged.Count > 0 && merged[^1].Last < long.MaxValue && r.First <= merged[^1].Last + 1)
            {
                if (r.Last > merged[^1].Last)
                {
                    merged[^1] = merged[^1] with { Last = r.Last };
                }
            }
            else if (merged.Count > 0 && r.First <= merged[^1].Last)
            {
                // Inside the last run already (it ends at long.MaxValue).
            }
            else
            {
                merged.Add(r);
            }
        }

        if (merged.Count > MaxRanges)
        {
            merged.RemoveRange(0, merged.Count - MaxRanges);
        }

        return merged;
    }

    /// <summary>The holes between the ranges, newest first.</summary>
    public static IEnumerable<SeqRange> Gaps(IReadOnlyList<SeqRange> ranges)
    {
        for (int i = ranges.Count - 1; i > 0; i--)
        {
            yield return new SeqRange(ranges[i - 1].Last + 1, ranges[i].First - 1);
        }
    }
}
