using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeSensors.Fleet.Broker.Tests.Support;

/// <summary>A real MQTTnet 5 client as a device or a backend would use it, recording what it receives.</summary>
public sealed class TestClient : IAsyncDisposable
{
    private readonly IMqttClient _client;

    private TestClient(IMqttClient client)
    {
        _client = client;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            Received.Enqueue((e.ApplicationMessage.Topic, System.Text.Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload))));
            return Task.CompletedTask;
        };
    }

    public ConcurrentQueue<(string Topic, string Payload)> Received { get; } = new();

    public bool IsConnected => _client.IsConnected;

    /// <summary>Connects and returns the client, or the broker's CONNACK code when it refuses.</summary>
    public static async Task<(TestClient? Client, MqttClientConnectResultCode Code)> TryConnectAsync(int port, string clientId, string? username, string? password, string? willTopic = null)
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        MqttClientOptionsBuilder options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(10));
        if (username is not null)
        {
            options = options.WithCredentials(username, password);
        }

        if (willTopic is not null)
        {
            options = options.WithWillTopic(willTopic).WithWillPayload("will").WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        }

        try
        {
            MqttClientConnectResult result = await client.ConnectAsync(options.Build());
            if (result.ResultCode == MqttClientConnectResultCode.Success)
            {
                return (new TestClient(client), result.ResultCode);
            }

            client.Dispose();
            return (null, result.ResultCode);
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException ex)
        {
            // MQTTnet 5 returns a refusal as a result; this is a transport failure, reported as such.
            client.Dispose();
            throw new InvalidOperationException($"{clientId}: connection to 127.0.0.1:{port} failed: {ex.Message}", ex);
        }
    }

    public static async Task<TestClient> ConnectAsync(int port, string clientId, string? username, string? password)
    {
        (TestClient? client, MqttClientConnectResultCode code) = await TryConnectAsync(port, clientId, username, password);
        return client ?? throw new InvalidOperationException($"{clientId} ({username}) was refused: {code}");
    }

    /// <summary>Drops the TCP connection without DISCONNECT, so the broker sends the Last Will.</summary>
    public void Vanish() => _client.Dispose();

    public async Task<MqttClientPublishResult> PublishAsync(string topic, string payload, bool retain = false) =>
        await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());

    public async Task<MqttClientSubscribeResultCode> SubscribeAsync(string filter)
    {
        MqttClientSubscribeResult result = await _client.SubscribeAsync(filter, MqttQualityOfServiceLevel.AtLeastOnce);
        return result.Items.Single().ResultCode;
    }

    /// <summary>Completes when the broker ends the connection (or throws after the timeout).</summary>
    public async Task WaitDisconnectedAsync(TimeSpan timeout)
    {
        var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _client.DisconnectedAsync += _ =>
        {
            gone.TrySetResult();
            return Task.CompletedTask;
        };
        if (_client.IsConnected)
        {
            await gone.Task.WaitAsync(timeout);
        }
    }

    /// <summary>Waits until a message on <paramref name="topic"/> has arrived.</summary>
    public async Task<string> WaitForAsync(string topic, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            foreach ((string t, string payload) in Received)
            {
                if (t == topic)
                {
                    return payload;
                }
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"no message on {topic} within {timeout.TotalSeconds} s; got: {string.Join(", ", Received.Select(r => r.Topic))}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync();
            }
            catch (MqttCommunicationException)
            {
                // Already going away.
            }
        }

        _client.Dispose();
    }
}
