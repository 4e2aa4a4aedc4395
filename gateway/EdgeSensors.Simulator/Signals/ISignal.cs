namespace EdgeSensors.Simulator.Signals;

/// <summary>A value that advances one simulated second at a time, drawing randomness only from the given generator.</summary>
internal interface ISignal
{
    /// <summary>Advances one second; <paramref name="leak"/> is the leak intensity (0-1) at the instrument's location.</summary>
    double Step(Random random, double leak);
}
