namespace EdgeSensors.Simulator.Signals;

/// <summary>
/// Parameters of one instrument's signal, in the engineering unit of its primary tag. Which fields matter depends on
/// <see cref="Kind"/>: gas uses Baseline/Peak, level Min/Max/RatePerSecond, pressure Mean/Walk.
/// </summary>
public sealed record SignalSettings
{
    public required SignalKind Kind { get; init; }

    /// <summary>Gas: the clean-air reading. Pressure: the value the walk returns to.</summary>
    public double Mean { get; init; }

    /// <summary>Gas: the highest leak peak (a leak draws its peak between half of this and this).</summary>
    public double Peak { get; init; }

    public double Min { get; init; }

    public double Max { get; init; }

    /// <summary>Level: metres per second of filling or draining.</summary>
    public double RatePerSecond { get; init; }

    /// <summary>Pressure: standard deviation of one second's random-walk step.</summary>
    public double Walk { get; init; }

    /// <summary>Standard deviation of the measurement noise added to every reading.</summary>
    public double Noise { get; init; }
}
