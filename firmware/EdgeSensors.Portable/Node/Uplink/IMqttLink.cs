namespace EdgeSensors.Node.Uplink;

/// <summary>
/// The MQTT connection as the node core sees it: one QoS 1 publish in flight at a time, checked without waiting. The
/// device maps it to M2Mqtt (TLS, Last Will), the host runner to MQTTnet, tests to an in-memory broker. Connecting,
/// reconnecting and subscribing to the config and command topics are the adapter's job.
/// </summary>
public interface IMqttLink
{
    bool IsConnected { get; }

    /// <summary>
    /// Starts a QoS 1 publish of payload[0 .. count). False when it cannot start (not connected, or the previous publish
    /// is still <see cref="PublishProgress.Pending"/>). The core leaves the payload untouched until the publish is over.
    /// </summary>
    bool BeginPublish(string topic, byte[] payload, int count, bool retain);

    /// <summary>How the publish begun last is going.</summary>
    PublishProgress Progress { get; }
}
