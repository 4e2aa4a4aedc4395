using EdgeSensors.Profiles.Model;

namespace EdgeSensors.Gateway.Configuration.Model;

/// <summary>One profile tag the gateway publishes, with when to publish it and how it alarms.</summary>
public sealed record TagConfig
{
    /// <summary>The profile tag's name.</summary>
    public required string Name { get; init; }

    /// <summary>The profile's definition of the tag (register, type, unit, range).</summary>
    public required TagDefinition Definition { get; init; }

    /// <summary>What gas the value is, when it is one; decides the GB/T 50493 default limits.</summary>
    public GasKind Gas { get; init; } = GasKind.None;

    public required Deadband Deadband { get; init; }

    /// <summary>Publish at least this often even when the value stays inside the deadband.</summary>
    public required TimeSpan Heartbeat { get; init; }

    /// <summary>Null when the tag raises no alarms.</summary>
    public AlarmConfig? Alarms { get; init; }
}
