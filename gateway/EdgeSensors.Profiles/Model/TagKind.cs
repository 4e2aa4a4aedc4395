namespace EdgeSensors.Profiles.Model;

/// <summary>What a tag is for: polled and stored (measurement, status) or read on demand (setpoint, config).</summary>
public enum TagKind
{
    Measurement,
    Status,
    Setpoint,
    Config,
}
