namespace EdgeSensors.Gateway.Polling;

/// <summary>
/// Turns missed polls into quality for one tag. A single lost frame on RS-485 is common, so the last good value is
/// kept (as <see cref="TagQuality.Stale"/>) from <c>staleAfter</c> misses until <c>commFailureAfter</c> misses, after
/// which the value is withheld as <see cref="TagQuality.CommFailure"/>.
/// </summary>
public sealed class TagQualityTracker(int staleAfter, int commFailureAfter)
{
    private double _lastGood = double.NaN;
    private long _lastGoodAtMs;

    /// <summary>Consecutive polls that did not read this tag.</summary>
    public int Misses { get; private set; }

    /// <summary>A successful read: resets the miss count and remembers the value when it can be repeated later.</summary>
    public void Read(double value, TagQuality quality, long acquiredAtMs)
    {
        Misses = 0;
        if (quality == TagQuality.Good)
        {
            _lastGood = value;
            _lastGoodAtMs = acquiredAtMs;
        }
        else
        {
            // A fault or out-of-range value must not be repeated as if it were the last known good measurement.
            _lastGood = double.NaN;
        }
    }

    /// <summary>A failed poll: what to report now. Before <c>staleAfter</c> misses nothing new is reported (null).</summary>
    public (double Value, TagQuality Quality, long AcquiredAtMs)? Missed(long nowMs)
    {
        Misses++;
        if (Misses >= commFailureAfter || double.IsNaN(_lastGood))
        {
            // With no good value to repeat, a miss past the stale threshold is already a communication failure.
            return Misses >= Math.Min(staleAfter, commFailureAfter) ? (double.NaN, TagQuality.CommFailure, nowMs) : null;
        }

        // Stale keeps the acquisition time of the value it repeats: the backend must see how old it is.
        return Misses >= staleAfter ? (_lastGood, TagQuality.Stale, _lastGoodAtMs) : null;
    }
}
