using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Broker.Embedded;
using EdgeSensors.Fleet.Live.Ack;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeSensors.Fleet.Broker;

/// <summary>
/// Publishes device commands (alarm acknowledgements) as the server's internal MQTT client, to the broker of either
/// mode: the embedded broker routes an internal publish in a device's namespace to that device's session; Mosquitto lets
/// the role "edgesensors-fleet-server" publish anywhere under the prefix, and a device's role subscribes to its own
/// commands/#. One connection per instance, opened on first use and again after a drop.
/// </summary>
internal sealed class BrokerCommandChannel(FleetBrokerOptions options, InternalCredential credential, IServiceProvider services, ILogger<BrokerCommandChannel> log)
    : IDeviceCommandChannel, IAsyncDisposable
{
    /// <summary>Connect and wait for the PUBACK: an operator is waiting for the answer, so not long.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private readonly SemaphoreSlim _connect = new(1, 1);
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private int _disposed;

    public string TopicPrefix => options.TopicPrefix;

    public async Task PublishAsync(string topic, byte[] payload, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            await EnsureConnectedAsync(timeout.Token).ConfigureAwait(false);
            MqttApplicationMessage message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(payload)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .WithRetainFlag(false)
                .Build();
            MqttClientPublishResult result = await _client.PublishAsync(message, timeout.Token).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                throw new DeviceCommandException($"the broker refused the publish to {topic}: {result.ReasonCode} {result.ReasonString}; "
                    + $"check that the fleet server's login '{credential.Username}' may publish under {options.TopicPrefix}/#");
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DeviceCommandException($"the MQTT broker ({Endpoint()}) did not confirm the publish to {topic} within {Timeout.TotalSeconds} s; check that it runs, then send again");
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            throw new DeviceCommandException($"the MQTT broker ({Endpoint()}) cannot be reached: {ex.Message}; check that it runs (Fleet:Broker:Mode, Host, Port), then send again", ex);
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

    private string Endpoint()
    {
        (string host, int port, _) = Target();
        return $"{host}:{port}";
    }

    /// <summary>Where the broker is; for an embedded broker with only its TLS listener, its certificate to pin.</summary>
    private (string Host, int Port, System.Security.Cryptography.X509Certificates.X509Certificate2? Pinned) Target()
    {
        if (options.Mode != BrokerMode.Embedded)
        {
            return (options.Host, options.Port, null);
        }

        EmbeddedFleetBroker embedded = services.GetRequiredService<EmbeddedFleetBroker>();
        string host = options.BindAddress is "0.0.0.0" or "::" ? "127.0.0.1" : options.BindAddress;
        return embedded.Port != 0 ? (host, embedded.Port, null) : (host, embedded.TlsPort, embedded.Certificate);
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

            (string host, int port, var pinned) = Target();
            MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
                .WithTcpServer(host, port)
                .WithClientId($"fleet-commands-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}")
                .WithCredentials(credential.Username, credential.Password)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithCleanSession(true)
                .WithTimeout(Timeout);
            if (pinned is not null)
            {
                builder = builder.WithTlsOptions(tls => tls.UseTls().WithCertificateValidationHandler(
                    e => e.Certificate is not null && e.Certificate.GetCertHashString() == pinned.Thumbprint));
            }

            MqttClientConnectResult result = await _client.ConnectAsync(builder.Build(), ct).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new DeviceCommandException($"the broker at {host}:{port} refused the fleet server's login '{credential.Username}': {result.ResultCode} {result.ReasonString}; check Fleet:Broker:InternalUsername/InternalPassword");
            }

            log.LogInformation("command publisher connected to {Host}:{Port}", host, port);
        }
        finally
        {
            _connect.Release();
        }
    }
}
