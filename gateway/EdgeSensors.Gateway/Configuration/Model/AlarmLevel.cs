using System.Collections.Immutable;

namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>The conditions a tag can alarm on; their config words are hh, h, l, ll, rate and fault.</summary>
public enum AlarmLevel
{
    HighHigh,
    High,
    Low,
    LowLow,
    Rate,
    Fault,
}

/// <summary>Config words of <see cref="AlarmLevel"/>.</summary>
public static class AlarmLevels
{
    public static readonly ImmutableArray<AlarmLevel> All = [AlarmLevel.HighHigh, AlarmLevel.High, AlarmLevel.Low, AlarmLevel.LowLow, AlarmLevel.Rate, AlarmLevel.Fault];

    public static readonly ImmutableArray<AlarmLevel> Limits = [AlarmLevel.HighHigh, AlarmLevel.High, AlarmLevel.Low, AlarmLevel.LowLow];

    public static string Word(AlarmLevel level) => level switch
    {
        AlarmLevel.HighHigh => "hh",
        AlarmLevel.High => "h",
        AlarmLevel.Low => "l",
        AlarmLevel.LowLow => "ll",
        AlarmLevel.Rate => "rate",
        _ => "fault",
    };

    public static AlarmLevel? Parse(string word)
    {
        foreach (AlarmLevel level in All)
        {
            if (Word(level) == word)
            {
                return level;
            }
        }

        return null;
    }
}
