using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Broker.Embedded;
using EdgeSensors.Fleet.Configs.Delivery;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeSensors.Fleet.Broker;

/// <summary>
/// Publishes sealed configs, retained and QoS 1, on {prefix}/{id}/config through the broker of the active mode: into
/// the embedded broker in process (<see cref="EmbeddedFleetBroker.DeliverRetainedAsync"/>), or to Mosquitto as the
/// server's internal MQTT client. One connection per instance, opened on first use and again after a drop; publishes
/// may run concurrently (each waits for its PUBACK).
/// </summary>
internal sealed class BrokerConfigChannel(FleetBrokerOptions options, InternalCredential credential, IServiceProvider services, ILogger<BrokerConfigChannel> log)
    : IConfigChannel, IAsyncDisposable
{
    /// <summary>Connect, and each publish's wait for its PUBACK: long, because a rollout publishes thousands at once.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly SemaphoreSlim _connect = new(1, 1);
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private int _disposed;

    public async Task PublishDesiredAsync(string deviceId, byte[] sealedEnvelope, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        if (options.Mode == BrokerMode.Embedded)
        {
            // In process: straight into the broker's retained store and the device's session (no per-message routing over every session).
            await services.GetRequiredService<EmbeddedFleetBroker>().DeliverRetainedAsync(deviceId, ConfigTopics.Desired(options.TopicPrefix, deviceId), sealedEnvelope, ct).ConfigureAwait(false);
            return;
        }

        await EnsureConnectedAsync(ct).ConfigureAwait(false);
        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(ConfigTopics.Desired(options.TopicPrefix, deviceId))
            .WithPayload(sealedEnvelope)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(true)
            .Build();
        MqttClientPublishResult result = await _client.PublishAsync(message, ct).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"the broker refused the config for {deviceId}: {result.ReasonCode} {result.ReasonString}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync().ConfigureAwait(false);
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // The broker stopped first (same host); nothing to close.
            }
        }

        _client.Dispose();
        _connect.Dispose();
    }

    private async Task EnsureConnectedAsync(CancellationToken ct)
    {
        if (_client.IsConnected)
        {
            return;
        }

        await _connect.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_client.IsConnected)
            {
                return;
            }

            (string host, int port) = options.Mode == BrokerMode.Embedded
                ? (options.BindAddress is "0.0.0.0" or "::" ? "127.0.0.1" : options.BindAddress, services.GetRequiredService<EmbeddedFleetBroker>().Port)
                : (options.Host, options.Port);
            MqttClientOptions connect = new MqttClientOptionsBuilder()
                .WithTcpServer(host, port)
                .WithClientId($"fleet-config-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}")
                .WithCredentials(credential.Username, credential.Password)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithCleanSession(true)
                .WithTimeout(Timeout)
                .Build();
            MqttClientConnectResult result = await _client.ConnectAsync(connect, ct).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new InvalidOperationException($"the broker at {host}:{port} refused the config publisher: {result.ResultCode} {result.ReasonString}");
            }

            log.LogInformation("config publisher connected to {Host}:{Port}", host, port);
        }
        finally
        {
            _connect.Release();
        }
    }
}
