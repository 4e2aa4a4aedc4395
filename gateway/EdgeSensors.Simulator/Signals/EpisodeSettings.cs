namespace EdgeSensors.Simulator.Signals;

/// <summary>How often leaks and sensor faults happen and how long they last, in simulated time.</summary>
public sealed record EpisodeSettings
{
    public TimeSpan LeakIntervalMin { get; init; } = TimeSpan.FromMinutes(3);

    public TimeSpan LeakIntervalMax { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Time for a leak to reach its peak.</summary>
    public TimeSpan LeakRise { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan LeakHoldMin { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan LeakHoldMax { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Time constant of the exponential decay after a leak is stopped.</summary>
    public TimeSpan LeakDecay { get; init; } = TimeSpan.FromSeconds(60);

    public TimeSpan FaultIntervalMin { get; init; } = TimeSpan.FromMinutes(15);

    public TimeSpan FaultIntervalMax { get; init; } = TimeSpan.FromMinutes(45);

    public TimeSpan FaultDurationMin { get; init; } = TimeSpan.FromSeconds(20);

    public TimeSpan FaultDurationMax { get; init; } = TimeSpan.FromSeconds(60);
}
