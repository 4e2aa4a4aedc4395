namespace EdgeSensors.Simulator.Signals;

/// <summary>Pressure as a mean-reverting random walk (the process) plus independent noise (the transmitter).</summary>
internal sealed class PressureSignal(SignalSettings settings) : ISignal
{
    // Pull 2 % of the way back to the mean each second, so the walk wanders but does not drift away.
    private const double Reversion = 0.02;
    private double _process = settings.Mean;

    public double Step(Random random, double leak)
    {
        _process += (Reversion * (settings.Mean - _process)) + (Gaussian.Next(random) * settings.Walk);
        _process = Math.Clamp(_process, settings.Min, settings.Max);
        return _process + (Gaussian.Next(random) * settings.Noise);
    }
}
