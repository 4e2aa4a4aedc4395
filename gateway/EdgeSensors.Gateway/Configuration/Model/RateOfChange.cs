using EdgeSensors.Alarms;

namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>
/// Alarm when the value changes at least <see cref="PerMinute"/> (tag unit per minute) in <see cref="Direction"/>,
/// measured over <see cref="Window"/> with <see cref="History"/> samples.
/// </summary>
public sealed record RateOfChange
{
    public required double PerMinute { get; init; }

    public required TimeSpan Window { get; init; }

    public required RateDirection Direction { get; init; }

    /// <summary>How far under <see cref="PerMinute"/> the rate must fall to clear, in tag unit per minute.</summary>
    public required double Hysteresis { get; init; }

    /// <summary>Samples kept for the rate (allocated once by the evaluator).</summary>
    public required int History { get; init; }

    public required TimeSpan OnDelay { get; init; }

    public required TimeSpan OffDelay { get; init; }

    public required bool Latch { get; init; }
}
