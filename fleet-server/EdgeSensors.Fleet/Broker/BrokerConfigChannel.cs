using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Broker.Embedded;
using EdgeSensors.Fleet.Configs.Delivery;

namespace EdgeSensors.Fleet.Broker;

/// <summary>
/// Publishes sealed configs, retained and QoS 1, on {prefix}/{id}/config through the broker of the active mode: into
/// the embedded broker in process (<see cref="EmbeddedFleetBroker.DeliverRetainedAsync"/>), or to Mosquitto through
/// the server's <see cref="InternalPublisher"/>.
/// </summary>
internal sealed class BrokerConfigChannel(FleetBrokerOptions options, InternalCredential credential, IServiceProvider services, ILogger<BrokerConfigChannel> log)
    : IConfigChannel, IAsyncDisposable
{
    /// <summary>Connect, and each publish's wait for its PUBACK: long, because a rollout publishes thousands at once.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly InternalPublisher _publisher = new("config", options, credential, services, log);

    public async Task PublishDesiredAsync(string deviceId, byte[] sealedEnvelope, CancellationToken ct)
    {
        if (options.Mode == BrokerMode.Embedded)
        {
            // In process: straight into the broker's retained store and the device's session (no per-message routing over every session).
            await services.GetRequiredService<EmbeddedFleetBroker>().DeliverRetainedAsync(deviceId, ConfigTopics.Desired(options.TopicPrefix, deviceId), sealedEnvelope, ct).ConfigureAwait(false);
            return;
        }

        try
        {
            await _publisher.PublishAsync(ConfigTopics.Desired(options.TopicPrefix, deviceId), sealedEnvelope, retain: true, Timeout, ct).ConfigureAwait(false);
        }
        catch (InternalPublishException ex)
        {
            throw new InvalidOperationException($"the config for {deviceId} was not delivered: {ex.Message}", ex);
        }
    }

    public ValueTask DisposeAsync() => _publisher.DisposeAsync();
}
