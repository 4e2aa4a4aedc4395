namespace EdgeSensors.Fleet.Configs.Delivery;

/// <summary>
/// The MQTT side of config delivery, kept behind this seam so the config logic does not depend on which broker the
/// server runs (embedded or Mosquitto). Publishes are QoS 1 and retained.
/// </summary>
public interface IConfigChannel
{
    /// <summary>Publishes a sealed envelope to {prefix}/{deviceId}/config, retained, QoS 1.</summary>
    Task PublishDesiredAsync(string deviceId, byte[] sealedEnvelope, CancellationToken ct);
}
