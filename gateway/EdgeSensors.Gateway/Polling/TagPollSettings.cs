namespace EdgeSensors.Gateway.Polling;

/// <summary>How one tag of a device is reported: report by exception with a deadband, plus a heartbeat.</summary>
public sealed record TagPollSettings
{
    /// <summary>The profile's tag name.</summary>
    public required string Tag { get; init; }

    /// <summary>Change needed before a new value is published; zero publishes every change.</summary>
    public Deadband Deadband { get; init; } = Deadband.None;

    /// <summary>A value is published at least this often even when it does not change (default 60 s).</summary>
    public TimeSpan Heartbeat { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>A report-by-exception threshold: absolute in the tag's unit, or a percent of the instrument's span.</summary>
public readonly record struct Deadband(double Amount, bool IsPercent)
{
    public static Deadband None => new(0, false);

    public static Deadband Absolute(double amount) => new(amount, false);

    /// <summary>Percent of the tag's range span from its profile; of the last published magnitude when the profile has no range.</summary>
    public static Deadband Percent(double percent) => new(percent, true);

    /// <summary>True when <paramref name="value"/> has moved far enough from <paramref name="published"/> to be reported.</summary>
    public bool Exceeded(double published, double value, double? span)
    {
        if (double.IsNaN(published) || double.IsNaN(value))
        {
            // No value on either side: only a change between "a value" and "no value" is news.
            return double.IsNaN(published) != double.IsNaN(value);
        }

        double threshold = IsPercent ? Amount / 100.0 * (span ?? Math.Abs(published)) : Amount;
        return Math.Abs(value - published) > threshold || (threshold == 0 && value != published);
    }
}
