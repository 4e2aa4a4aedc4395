using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeSensors.Gateway.Tests.Upstream;

/// <summary>An independent MQTTnet client that subscribes and collects what arrives, as the monitoring backend would.</summary>
public sealed class TestSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConcurrentQueue<(string Topic, string Payload, bool Retained)> _received = new();

    public IReadOnlyList<(string Topic, string Payload, bool Retained)> Received => [.. _received];

    public static async Task<TestSubscriber> ConnectAsync(int port, string filter, string? username = null, string? password = null)
    {
        var subscriber = new TestSubscriber();
        subscriber._client.ApplicationMessageReceivedAsync += e =>
        {
            subscriber._received.Enqueue((e.ApplicationMessage.Topic, Encoding.UTF8.GetString(e.ApplicationMessage.Payload), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
        MqttClientOptionsBuilder options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("test-subscriber-" + Guid.NewGuid().ToString("N")[..8]);
        if (username is not null)
        {
            options = options.WithCredentials(username, password);
        }

        await subscriber._client.ConnectAsync(options.Build());
        await subscriber._client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        return subscriber;
    }

    /// <summary>Waits until a message matches, or fails after <paramref name="seconds"/> listing what did arrive.</summary>
    public async Task<(string Topic, string Payload, bool Retained)> WaitForAsync(Func<(string Topic, string Payload, bool Retained), bool> match, int seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var message in _received)
            {
                if (match(message))
                {
                    return message;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no matching message within {seconds} s; received: {string.Join(" | ", _received.Select(m => m.Topic + " " + m.Payload))}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }
}
