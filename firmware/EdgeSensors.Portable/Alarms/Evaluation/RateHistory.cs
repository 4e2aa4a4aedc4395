namespace EdgeSensors.Alarms;

/// <summary>
/// Timestamped samples for the rate-of-change alarm, in two arrays allocated once and used as a ring. Samples are
/// thinned to one per window / (length - 1), so the ring covers the whole window however fast the tag is polled.
/// </summary>
internal sealed class RateHistory
{
    private readonly long[] _timesMs;
    private readonly double[] _values;
    private readonly long _windowMs;
    private readonly long _storeEveryMs;
    private int _newest = -1;
    private int _count;

    internal RateHistory(int length, long windowMs)
    {
        _timesMs = new long[length];
        _values = new double[length];
        _windowMs = windowMs;
        _storeEveryMs = windowMs / (length - 1);
    }

    /// <summary>
    /// Records the reading and gives the rate in unit per minute between it and the oldest sample no older than the
    /// window. False until that span is at least half the window: a rate over a few seconds is noise, not a leak.
    /// </summary>
    internal bool TryAdd(double value, long nowMs, out double perMinute)
    {
        perMinute = 0;
        if (_count > 0 && nowMs < _timesMs[_newest])
        {
            // The clock stepped backwards: old samples would give a wrong span.
            _count = 0;
        }

        bool known = false;
        for (int i = _count - 1; i >= 0; i--)
        {
            int index = Index(i);
            long span = nowMs - _timesMs[index];
            if (span <= _windowMs)
            {
                if (span > 0 && span * 2 >= _windowMs)
                {
                    perMinute = (value - _values[index]) * 60000.0 / span;
                    known = true;
                }

                break;
            }
        }

        if (_count == 0 || nowMs - _timesMs[_newest] >= _storeEveryMs)
        {
            _newest = (_newest + 1) % _timesMs.Length;
            _timesMs[_newest] = nowMs;
            _values[_newest] = value;
            if (_count < _timesMs.Length)
            {
                _count++;
            }
        }

        return known;
    }

    /// <summary>The ring index of the sample <paramref name="age"/> places before the newest (0 is the newest).</summary>
    private int Index(int age)
    {
        int index = _newest - age;
        return index < 0 ? index + _timesMs.Length : index;
    }
}
