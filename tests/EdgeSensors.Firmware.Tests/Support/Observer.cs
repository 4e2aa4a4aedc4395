using System.Buffers;
using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeSensors.Firmware.Tests.Support;

/// <summary>A backend's view: an MQTTnet client on the broker (not through the node's relay) collecting everything under a filter.</summary>
internal sealed class Observer : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<(string Topic, byte[] Payload, bool Retain)> _received = new();

    public IReadOnlyList<(string Topic, byte[] Payload, bool Retain)> Received => [.. _received];

    public IEnumerable<byte[]> On(string topic) => Received.Where(m => m.Topic == topic).Select(m => m.Payload);

    public static async Task<Observer> ConnectAsync(int port, string filter, string? userName = null, string? password = null)
    {
        var observer = new Observer();
        observer._client.ApplicationMessageReceivedAsync += e =>
        {
            observer._received.Enqueue((e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray(), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
        MqttClientOptionsBuilder options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("observer-" + Guid.NewGuid().ToString("N")[..8]);
        await observer._client.ConnectAsync((userName is null ? options : options.WithCredentials(userName, password)).Build());
        await observer._client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        return observer;
    }

    /// <summary>Publishes as the fleet server would (QoS 1).</summary>
    public Task PublishAsync(string topic, byte[] payload, bool retain) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
