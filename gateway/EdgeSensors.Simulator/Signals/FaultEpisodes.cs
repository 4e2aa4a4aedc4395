namespace EdgeSensors.Simulator.Signals;

/// <summary>Whether one instrument is currently in a sensor-fault episode; episodes come at random intervals.</summary>
internal sealed class FaultEpisodes
{
    private readonly EpisodeSettings _settings;
    private long _untilNext;
    private long _remaining;

    public FaultEpisodes(EpisodeSettings settings, Random random)
    {
        _settings = settings;
        _untilNext = LeakEpisodes.Seconds(random, settings.FaultIntervalMin, settings.FaultIntervalMax);
    }

    public bool Active => _remaining > 0;

    public void Start(long seconds) => _remaining = Math.Max(1, seconds);

    public void Step(Random random)
    {
        if (_remaining > 0)
        {
            if (--_remaining == 0)
            {
                _untilNext = LeakEpisodes.Seconds(random, _settings.FaultIntervalMin, _settings.FaultIntervalMax);
            }

            return;
        }

        if (--_untilNext <= 0)
        {
            Start(LeakEpisodes.Seconds(random, _settings.FaultDurationMin, _settings.FaultDurationMax));
        }
    }
}
