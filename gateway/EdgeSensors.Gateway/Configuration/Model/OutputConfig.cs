using System.Collections.Immutable;
using EdgeSensors.Alarms;

namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>A local output (beacon, horn, shut-off relay) on a GPIO pin, switched by alarms (docs/alarms.md, Local outputs).</summary>
public sealed record OutputConfig
{
    public required string Name { get; init; }

    /// <summary>BCM GPIO number on the Raspberry Pi header (0-27), not the physical pin position.</summary>
    public required int GpioPin { get; init; }

    public required ActiveLevel ActiveLevel { get; init; }

    /// <summary>while_active for relays and beacons, until_acknowledged for horns and buzzers.</summary>
    public required OutputMode Mode { get; init; }

    public required OutputDriver Driver { get; init; }

    public required ImmutableArray<AlarmRef> Alarms { get; init; }

    /// <summary>The alarm core's binding of this output to <paramref name="pin"/>, driven by <see cref="Alarms"/>.</summary>
    public OutputBinding CreateBinding(IOutputPin pin)
    {
        var binding = new OutputBinding(Name, pin, Mode, ActiveLevel == ActiveLevel.High, Alarms.Length);
        foreach (AlarmRef alarm in Alarms)
        {
            binding.Drive(alarm.AlarmTag, alarm.Kinds);
        }

        return binding;
    }
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

/// <summary>
/// An alarm that drives an output: "t101-lel.concentration.hh", every alarm of a tag ("t101-lel.concentration",
/// <see cref="Kind"/> null), or of every tag ("*", "*.hh": <see cref="Device"/> and <see cref="Tag"/> null).
/// </summary>
public sealed record AlarmRef(string? Device, string? Tag, AlarmKind? Kind)
{
    public bool IsAnyTag => Device is null;

    /// <summary>The alarm core's tag name ("device/tag", as the poller's TagSample.Path), or <see cref="OutputBinding.AnyTag"/>.</summary>
    public string AlarmTag => IsAnyTag ? OutputBinding.AnyTag : $"{Device}/{Tag}";

    public AlarmKinds Kinds => Kind is null ? AlarmKinds.All : (AlarmKinds)(1 << (int)Kind.Value);

    public override string ToString()
    {
        string tag = IsAnyTag ? "*" : $"{Device}.{Tag}";
        return Kind is null ? tag : $"{tag}.{AlarmWords.Word(Kind.Value)}";
    }
}
