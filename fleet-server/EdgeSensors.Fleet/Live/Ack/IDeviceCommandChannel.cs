namespace EdgeSensors.Fleet.Live.Ack;

/// <summary>
/// Sends a command to one device on {prefix}/{id}/commands/..., QoS 1, not retained (a command is for now, not for a
/// device that connects next week). Implemented over the server's own broker connection (Broker/BrokerCommandChannel).
/// </summary>
public interface IDeviceCommandChannel
{
    /// <summary>The topic prefix the commands go under (Fleet:Broker:TopicPrefix).</summary>
    string TopicPrefix { get; }

    /// <summary>Publishes and waits for the broker's PUBACK; throws <see cref="DeviceCommandException"/> when the broker refuses or cannot be reached.</summary>
    Task PublishAsync(string topic, byte[] payload, CancellationToken ct);
}

/// <summary>The broker did not take a command: unreachable, refused the login or refused the publish.</summary>
public sealed class DeviceCommandException(string message, Exception? inner = null) : Exception(message, inner);
