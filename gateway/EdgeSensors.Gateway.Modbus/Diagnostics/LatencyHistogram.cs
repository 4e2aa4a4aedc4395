namespace EdgeSensors.Gateway.Modbus.Diagnostics;

/// <summary>
/// Response latency in fixed buckets (upper bounds 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000 ms and +inf).
/// Fixed buckets keep recording allocation-free and lock-free.
/// </summary>
public sealed class LatencyHistogram
{
    private static readonly double[] UpperBoundsMs = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, double.PositiveInfinity];

    private readonly long[] _counts = new long[UpperBoundsMs.Length];

    /// <summary>The bucket upper bounds in milliseconds; the last is +inf.</summary>
    public static IReadOnlyList<double> BucketUpperBoundsMs => UpperBoundsMs;

    /// <summary>Latencies recorded so far.</summary>
    public long Count
    {
        get
        {
            long total = 0;
            for (int i = 0; i < _counts.Length; i++)
            {
                total += Interlocked.Read(ref _counts[i]);
            }

            return total;
        }
    }

    public void Record(TimeSpan latency)
    {
        double ms = latency.TotalMilliseconds;
        int bucket = 0;
        while (ms > UpperBoundsMs[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _counts[bucket]);
    }

    /// <summary>How many latencies fell into each bucket (same order as <see cref="BucketUpperBoundsMs"/>).</summary>
    public long[] BucketCounts()
    {
        var copy = new long[_counts.Length];
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = Interlocked.Read(ref _counts[i]);
        }

        return copy;
    }

    /// <summary>
    /// The upper bound, in milliseconds, of the bucket holding the given percentile (0-100), so the true value is at
    /// most this. +inf when it falls in the last bucket; 0 when nothing was recorded.
    /// </summary>
    public double Percentile(double percent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percent, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        long[] counts = BucketCounts();
        long total = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            total += counts[i];
        }

        if (total == 0)
        {
            return 0;
        }

        // The rank of the percentile sample, 1-based; at least the first sample.
        long rank = Math.Max(1, (long)Math.Ceiling(percent / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            seen += counts[i];
            if (seen >= rank)
            {
                return UpperBoundsMs[i];
            }
        }

        return double.PositiveInfinity;
    }
}
