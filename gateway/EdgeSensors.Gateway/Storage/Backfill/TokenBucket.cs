namespace EdgeSensors.Gateway.Storage.Backfill;

/// <summary>
/// Limits backlog replay to a rate (tokens per second) with a burst size, on an injectable clock. Starts full, so
/// a reconnect may send one burst at once. Not thread-safe: the queue calls it under its lock.
/// </summary>
internal sealed class TokenBucket
{
    private readonly double _ratePerSecond;
    private readonly double _capacity;
    private readonly TimeProvider _clock;
    private double _tokens;
    private long _lastRefill;

    public TokenBucket(double ratePerSecond, int burst, TimeProvider clock)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ratePerSecond);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        _ratePerSecond = ratePerSecond;
        _capacity = burst;
        _clock = clock;
        _tokens = burst;
        _lastRefill = clock.GetTimestamp();
    }

    /// <summary>Whole tokens available now.</summary>
    public int Available()
    {
        Refill();
        return (int)Math.Floor(_tokens);
    }

    /// <summary>Spends <paramref name="count"/> tokens (at most what is available).</summary>
    public void Take(int count)
    {
        Refill();
        _tokens = Math.Max(0, _tokens - count);
    }

    /// <summary>How long until <paramref name="count"/> whole tokens are available.</summary>
    public TimeSpan TimeUntilAvailable(int count)
    {
        Refill();
        double missing = Math.Min(count, _capacity) - _tokens;
        return missing <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(missing / _ratePerSecond);
    }

    private void Refill()
    {
        long now = _clock.GetTimestamp();
        double seconds = (now - _lastRefill) / (double)_clock.TimestampFrequency;
        _lastRefill = now;
        if (seconds > 0)
        {
            _tokens = Math.Min(_capacity, _tokens + (seconds * _ratePerSecond));
        }
    }
}
