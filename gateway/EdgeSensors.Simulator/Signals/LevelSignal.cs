namespace EdgeSensors.Simulator.Signals;

/// <summary>Tank level ramping up to the high limit while filling, then down to the low limit while draining.</summary>
internal sealed class LevelSignal : ISignal
{
    private readonly SignalSettings _settings;
    private double _level;
    private bool _filling;

    public LevelSignal(SignalSettings settings, Random random)
    {
        _settings = settings;
        _level = settings.Min + (random.NextDouble() * (settings.Max - settings.Min));
        _filling = random.Next(2) == 0;
    }

    public double Step(Random random, double leak)
    {
        _level += _filling ? _settings.RatePerSecond : -_settings.RatePerSecond;
        if (_level >= _settings.Max)
        {
            _level = _settings.Max;
            _filling = false;
        }
        else if (_level <= _settings.Min)
        {
            _level = _settings.Min;
            _filling = true;
        }

        return _level + (Gaussian.Next(random) * _settings.Noise);
    }
}
