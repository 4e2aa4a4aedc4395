using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Live.Ack;

namespace EdgeSensors.Fleet.Broker;

/// <summary>
/// Publishes device commands (alarm acknowledgements) through the server's <see cref="InternalPublisher"/>, to the broker
/// of either mode: the embedded broker routes an internal publish in a device's namespace to that device's session;
/// Mosquitto lets the role "edgesensors-fleet-server" publish anywhere under the prefix, and a device's role subscribes
/// to its own commands/#. Not retained: a command is for now, not for a device that connects next week.
/// </summary>
internal sealed class BrokerCommandChannel(FleetBrokerOptions options, InternalCredential credential, IServiceProvider services, ILogger<BrokerCommandChannel> log)
    : IDeviceCommandChannel, IAsyncDisposable
{
    /// <summary>Connect and wait for the PUBACK: an operator is waiting for the answer, so not long.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly InternalPublisher _publisher = new("commands", options, credential, services, log);

    public string TopicPrefix => options.TopicPrefix;

    public async Task PublishAsync(string topic, byte[] payload, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await _publisher.PublishAsync(topic, payload, retain: false, Timeout, timeout.Token).ConfigureAwait(false);
        }
        catch (InternalPublishException ex)
        {
            throw new DeviceCommandException(ex.Message, ex);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DeviceCommandException($"the MQTT broker ({_publisher.Endpoint}) did not confirm the publish to {topic} within {Timeout.TotalSeconds} s; check that it runs, then send again");
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            throw new DeviceCommandException($"the MQTT broker ({_publisher.Endpoint}) cannot be reached: {ex.Message}; check that it runs (Fleet:Broker:Mode, Host, Port), then send again", ex);
        }
    }

    public ValueTask DisposeAsync() => _publisher.DisposeAsync();
}
