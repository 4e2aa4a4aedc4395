using System.Collections.Immutable;

namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>
/// Alarm settings of one tag (docs/alarms.md): limits in the tag's engineering unit, with hysteresis, delays and latch.
/// A null limit is not monitored.
/// </summary>
public sealed record AlarmConfig
{
    public double? HighHigh { get; init; }

    public double? High { get; init; }

    public double? Low { get; init; }

    public double? LowLow { get; init; }

    /// <summary>How far the value must come back inside a limit before that alarm clears.</summary>
    public required double Hysteresis { get; init; }

    /// <summary>How long a limit must be exceeded before the alarm is raised.</summary>
    public required TimeSpan OnDelay { get; init; }

    /// <summary>How long the value must be back inside before the alarm clears.</summary>
    public required TimeSpan OffDelay { get; init; }

    /// <summary>A raised alarm stays until acknowledged, even after the value returns.</summary>
    public required bool Latch { get; init; }

    public RateOfChange? Rate { get; init; }

    /// <summary>Raise an alarm when the reading is faulted or missing (instrument fault, no answer).</summary>
    public required bool FaultAlarm { get; init; }

    /// <summary>Limits that were not written in the file and came from GB/T 50493 for the tag's gas.</summary>
    public ImmutableArray<AlarmLevel> FromStandard { get; init; } = [];

    /// <summary>Every alarm condition this tag can raise.</summary>
    public ImmutableArray<AlarmLevel> Levels
    {
        get
        {
            ImmutableArray<AlarmLevel>.Builder levels = ImmutableArray.CreateBuilder<AlarmLevel>();
            foreach (AlarmLevel level in AlarmLevels.All)
            {
                if (Has(level))
                {
                    levels.Add(level);
                }
            }

            return levels.ToImmutable();
        }
    }

    public double? Limit(AlarmLevel level) => level switch
    {
        AlarmLevel.HighHigh => HighHigh,
        AlarmLevel.High => High,
        AlarmLevel.Low => Low,
        AlarmLevel.LowLow => LowLow,
        _ => null,
    };

    public bool Has(AlarmLevel level) => level switch
    {
        AlarmLevel.Rate => Rate is not null,
        AlarmLevel.Fault => FaultAlarm,
        _ => Limit(level) is not null,
    };
}
