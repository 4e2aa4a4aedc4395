using System.Collections.Immutable;

namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>A local output (beacon, horn, shut-off relay) on a GPIO pin, switched on while any of its alarms is active.</summary>
public sealed record OutputConfig
{
    public required string Name { get; init; }

    /// <summary>BCM GPIO number on the Raspberry Pi header (0-27), not the physical pin position.</summary>
    public required int GpioPin { get; init; }

    public required ActiveLevel ActiveLevel { get; init; }

    public required OutputDriver Driver { get; init; }

    public required ImmutableArray<AlarmRef> Alarms { get; init; }
}

/// <summary>The pin level that means "on": high for most relay boards, low for active-low ones.</summary>
public enum ActiveLevel
{
    High,
    Low,
}

/// <summary>gpio drives the pin; simulated only records the state (for a laptop, CI or a dry run on site).</summary>
public enum OutputDriver
{
    Gpio,
    Simulated,
}

/// <summary>An alarm of one tag ("t101-lel.concentration.hh"), or every alarm of the tag when <see cref="Level"/> is null.</summary>
public sealed record AlarmRef(string Device, string Tag, AlarmLevel? Level)
{
    public bool Matches(string device, string tag, AlarmLevel level) =>
        Device == device && Tag == tag && (Level is null || Level == level);

    public override string ToString() => Level is null ? $"{Device}.{Tag}" : $"{Device}.{Tag}.{AlarmLevels.Word(Level.Value)}";
}
