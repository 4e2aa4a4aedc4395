using EdgeSensors.Gateway.Polling;
using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>One profile tag the gateway publishes, with when to publish it and how it alarms.</summary>
public sealed record TagConfig
{
    /// <summary>The profile tag's name.</summary>
    public required string Name { get; init; }

    /// <summary>The profile's definition of the tag (register, type, unit, range).</summary>
    public required TagDefinition Definition { get; init; }

    /// <summary>The unit its values and limits are in ("" when the profile gives none and it cannot be inferred).</summary>
    public required string Unit { get; init; }

    public required Deadband Deadband { get; init; }

    /// <summary>Publish at least this often even when the value stays inside the deadband.</summary>
    public required TimeSpan Heartbeat { get; init; }

    /// <summary>Null when the tag raises no alarms.</summary>
    public AlarmConfig? Alarms { get; init; }

    public TagPollSettings ToPollSettings() => new() { Tag = Name, Deadband = Deadband, Heartbeat = Heartbeat };
}
