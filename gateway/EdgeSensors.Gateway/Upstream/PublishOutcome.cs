namespace EdgeSensors.Gateway.Upstream;

/// <summary>What happened to one publish. Only <see cref="Acknowledged"/> lets the store delete the entry.</summary>
public enum PublishOutcome
{
    /// <summary>QoS 1: the broker sent PUBACK with a success reason code.</summary>
    Acknowledged,

    /// <summary>Not connected; nothing was sent.</summary>
    NotConnected,

    /// <summary>The broker answered with an error reason code (MQTT 5), e.g. not authorized for the topic.</summary>
    Refused,

    /// <summary>The connection dropped or no PUBACK came within the publish timeout.</summary>
    Failed,
}
