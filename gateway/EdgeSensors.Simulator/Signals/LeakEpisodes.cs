namespace EdgeSensors.Simulator.Signals;

/// <summary>
/// Leak intensity (0-1) at one location: idle, then a leak rises linearly, holds, and decays exponentially once
/// stopped; the next leak is scheduled a random interval later.
/// </summary>
internal sealed class LeakEpisodes
{
    private readonly EpisodeSettings _settings;
    private long _untilNext;
    private long _rise;
    private long _hold;
    private double _intensity;
    private Phase _phase = Phase.Idle;

    public LeakEpisodes(EpisodeSettings settings, Random random)
    {
        _settings = settings;
        _untilNext = Seconds(random, settings.LeakIntervalMin, settings.LeakIntervalMax);
    }

    private enum Phase
    {
        Idle,
        Rising,
        Holding,
        Decaying,
    }

    public double Intensity => _intensity;

    public bool Active => _phase != Phase.Idle;

    public void Start()
    {
        _phase = Phase.Rising;
        _rise = 0;
    }

    public double Step(Random random)
    {
        switch (_phase)
        {
            case Phase.Idle:
                if (--_untilNext <= 0)
                {
                    Start();
                }

                break;
            case Phase.Rising:
                double riseSeconds = Math.Max(1, _settings.LeakRise.TotalSeconds);
                _intensity = Math.Min(1, ++_rise / riseSeconds);
                if (_intensity >= 1)
                {
                    _phase = Phase.Holding;
                    _hold = Seconds(random, _settings.LeakHoldMin, _settings.LeakHoldMax);
                }

                break;
            case Phase.Holding:
                if (--_hold <= 0)
                {
                    _phase = Phase.Decaying;
                }

                break;
            case Phase.Decaying:
                _intensity *= Math.Exp(-1 / Math.Max(1, _settings.LeakDecay.TotalSeconds));
                if (_intensity < 0.01)
                {
                    _intensity = 0;
                    _phase = Phase.Idle;
                    _untilNext = Seconds(random, _settings.LeakIntervalMin, _settings.LeakIntervalMax);
                }

                break;
        }

        return _intensity;
    }

    internal static long Seconds(Random random, TimeSpan min, TimeSpan max)
    {
        long low = (long)Math.Max(1, min.TotalSeconds);
        long high = (long)Math.Max(low, max.TotalSeconds);
        return random.NextInt64(low, high + 1);
    }
}
