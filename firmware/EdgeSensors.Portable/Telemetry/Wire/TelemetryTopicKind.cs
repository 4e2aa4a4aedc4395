namespace EdgeSensors.Telemetry.Wire;

/// <summary>Which of a source's topics a topic is.</summary>
public enum TelemetryTopicKind
{
    /// <summary>Not one of this contract's topics (another prefix, another shape, an invalid source id).</summary>
    None = 0,

    /// <summary>{prefix}/{source}/telemetry: reading batches, QoS 1, not retained.</summary>
    Telemetry,

    /// <summary>{prefix}/{source}/alarms: alarm events, QoS 1, not retained.</summary>
    Alarms,

    /// <summary>{prefix}/{source}/status: the source's online state, QoS 1, retained (its payload is not defined here yet).</summary>
    Status,
}
