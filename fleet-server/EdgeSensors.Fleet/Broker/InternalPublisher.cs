using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Broker.Embedded;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeSensors.Fleet.Broker;

/// <summary>
/// The server's own MQTT connection for publishing into devices' namespaces (desired configs on Mosquitto, commands in
/// either mode), logged in with the internal credential: one connection per use, opened on first publish and again
/// after a drop; publishes may run concurrently (each waits for its PUBACK). For an embedded broker with only its TLS
/// listener, the broker's own certificate is pinned.
/// </summary>
internal sealed class InternalPublisher(string name, FleetBrokerOptions options, InternalCredential credential, IServiceProvider services, ILogger log)
    : IAsyncDisposable
{
    private readonly SemaphoreSlim _connect = new(1, 1);
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private int _disposed;

    /// <summary>host:port of the broker in use, for messages.</summary>
    public string Endpoint
    {
        get
        {
            (string host, int port, _) = Target();
            return $"{host}:{port}";
        }
    }

    /// <summary>
    /// Publishes QoS 1 and waits for the PUBACK. Throws <see cref="InternalPublishException"/> when the broker refuses the
    /// login or the publish; connection failures and cancellation surface as MQTTnet / OperationCanceled exceptions.
    /// </summary>
    public async Task PublishAsync(string topic, byte[] payload, bool retain, TimeSpan connectTimeout, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed == 1, this);
        await EnsureConnectedAsync(connectTimeout, ct).ConfigureAwait(false);
        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        MqttClientPublishResult result = await _client.PublishAsync(message, ct).ConfigureAwait(false);
        if (!result.IsSuccess)
        {
            throw new InternalPublishException($"the broker refused the publish to {topic}: {result.ReasonCode} {result.ReasonString}; "
                + $"check that the fleet server's login '{credential.Username}' may publish under {options.TopicPrefix}/#");
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

    private async Task EnsureConnectedAsync(TimeSpan timeout, CancellationToken ct)
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
                .WithClientId($"fleet-{name}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}")
                .WithCredentials(credential.Username, credential.Password)
                .WithProtocolVersion(MqttProtocolVersion.V500)
                .WithCleanSession(true)
                .WithTimeout(timeout);
            if (pinned is not null)
            {
                builder = builder.WithTlsOptions(tls => tls.UseTls().WithCertificateValidationHandler(
                    e => e.Certificate is not null && e.Certificate.GetCertHashString() == pinned.Thumbprint));
            }

            MqttClientConnectResult result = await _client.ConnectAsync(builder.Build(), ct).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new InternalPublishException($"the broker at {host}:{port} refused the fleet server's login '{credential.Username}': {result.ResultCode} {result.ReasonString}; check Fleet:Broker:InternalUsername/InternalPassword");
            }

            log.LogInformation("{Name} publisher connected to {Host}:{Port}", name, host, port);
        }
        finally
        {
            _connect.Release();
        }
    }
}

/// <summary>The broker refused the server's internal login or one of its publishes; the message says which and what to check.</summary>
internal sealed class InternalPublishException(string message) : Exception(message);
