namespace EdgeSensors.Simulator.Signals;

/// <summary>Gas concentration: clean-air baseline with noise, plus the location's leak intensity times this detector's peak.</summary>
internal sealed class GasSignal(SignalSettings settings, double peak) : ISignal
{
    public double Step(Random random, double leak)
    {
        double value = settings.Mean + (leak * peak) + (Gaussian.Next(random) * settings.Noise);
        return Math.Clamp(value, settings.Min, settings.Max);
    }
}
