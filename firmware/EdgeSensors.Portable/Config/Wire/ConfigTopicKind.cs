namespace EdgeSensors.Config.Wire;

/// <summary>Which of a device's config topics a topic is.</summary>
public enum ConfigTopicKind
{
    /// <summary>Not a config topic of this prefix (another shape, another prefix, an invalid device id).</summary>
    None = 0,

    /// <summary>{prefix}/{deviceId}/config: the desired config, a sealed envelope; server to device, QoS 1, retained.</summary>
    Desired,

    /// <summary>{prefix}/{deviceId}/config/reported: the device's report JSON; device to server, QoS 1, retained.</summary>
    Reported,
}
