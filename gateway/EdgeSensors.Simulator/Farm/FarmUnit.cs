using EdgeSensors.Simulator.Signals;

namespace EdgeSensors.Simulator.Farm;

/// <summary>
/// One simulated instrument: its unit address, profile, where it is, what it measures (its primary tag and signal),
/// tags that follow the primary value (<see cref="Mirrors"/>: tag to factor) and fixed register values (<see cref="Constants"/>).
/// </summary>
public sealed record FarmUnit
{
    public required byte Unit { get; init; }

    public required string ProfileId { get; init; }

    /// <summary>Tank or line, e.g. "T-101"; gas detectors at one location see the same leaks.</summary>
    public required string Location { get; init; }

    /// <summary>What the instrument is for, e.g. "LEL", "H2S", "level".</summary>
    public required string Role { get; init; }

    public required string PrimaryTag { get; init; }

    public required SignalSettings Signal { get; init; }

    public IReadOnlyDictionary<string, double> Mirrors { get; init; } = new Dictionary<string, double>();

    public IReadOnlyDictionary<string, double> Constants { get; init; } = new Dictionary<string, double>();
}
