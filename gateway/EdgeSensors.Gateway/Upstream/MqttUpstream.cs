using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeSensors.Gateway.Upstream;

/// <summary>
/// The gateway's one connection to its broker (MQTTnet 5): QoS 1 publishes that report whether a PUBACK came back,
/// a retained online status on every connect, a retained Last Will that marks the gateway offline, and reconnection
/// with jittered backoff. It never blocks the poller: callers publish from the forwarder only.
/// </summary>
public sealed class MqttUpstream : IAsyncDisposable
{
    private readonly MqttUpstreamSettings _settings;
    private readonly string _statusTopic;
    private readonly Func<byte[]> _onlineStatus;
    private readonly byte[] _offlineStatus;
    private readonly IMqttClient _client;
    private readonly ReconnectBackoff _backoff;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="settings">Broker, credentials, TLS and timing.</param>
    /// <param name="statusTopic">Where the retained online status and the Last Will go.</param>
    /// <param name="onlineStatus">The online status payload, built fresh on each connect (it carries versions and uptime).</param>
    /// <param name="offlineStatus">The Last Will payload the broker publishes when the gateway vanishes.</param>
    /// <param name="jitter">Random source of the reconnect jitter; tests pass a seeded one.</param>
    public MqttUpstream(MqttUpstreamSettings settings, string statusTopic, Func<byte[]> onlineStatus, byte[] offlineStatus, Random? jitter = null)
    {
        _settings = settings;
        _statusTopic = statusTopic;
        _onlineStatus = onlineStatus;
        _offlineStatus = offlineStatus;
        _backoff = new ReconnectBackoff(settings.ReconnectMin, settings.ReconnectMax, jitter);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += _ =>
        {
            _disconnected.TrySetResult();
            return Task.CompletedTask;
        };
        _client.ApplicationMessageReceivedAsync += e =>
        {
            if (ConfigDelivery is { } config && e.ApplicationMessage.Topic == config.Topic)
            {
                return config.Handler(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload));
            }

            return Commands is { } commands
                ? commands.Handler(e.ApplicationMessage.Topic, System.Text.Encoding.UTF8.GetString(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload)))
                : Task.CompletedTask;
        };
    }

    public bool IsConnected => _client.IsConnected;

    /// <summary>
    /// A topic filter subscribed to (QoS 1) on every connect, and the handler its messages go to (topic, UTF-8 payload);
    /// set both before <see cref="Start"/>. The gateway uses it for alarm acknowledgements from the backend.
    /// </summary>
    public (string Filter, Func<string, string, Task> Handler)? Commands { get; init; }

    /// <summary>
    /// The desired-config topic ({prefix}/{gateway}/config), subscribed to (QoS 1) on every connect, and the handler its
    /// payload (a sealed envelope, binary) goes to; the retained config arrives again on each connect. Set before
    /// <see cref="Start"/>; null when the gateway takes no config from the fleet server.
    /// </summary>
    public (string Topic, Func<byte[], Task> Handler)? ConfigDelivery { get; init; }

    /// <summary>Successful connects since start (the first one included).</summary>
    public long Connects { get; private set; }

    /// <summary>Failed connection attempts since start. Counted after <see cref="LastError"/> is set, so whoever sees the count go up also sees why.</summary>
    public long ConnectFailures => Interlocked.Read(ref _connectFailures);

    private long _connectFailures;

    /// <summary>Why the last connection attempt or connection ended, for status and logs; null while healthy.</summary>
    public string? LastError { get; private set; }

    /// <summary>Starts the connection loop in the background; it runs until disposal.</summary>
    public void Start() => _loop ??= Task.Run(() => ConnectionLoopAsync(_stop.Token));

    /// <summary>Completes when connected (or throws on cancellation); for start-up and tests.</summary>
    public Task WaitConnectedAsync(CancellationToken ct) => IsConnected ? Task.CompletedTask : _connected.Task.WaitAsync(ct);

    /// <summary>
    /// Publishes with QoS 1 and waits for the PUBACK, up to the publish timeout. The payload is copied before the task
    /// is returned, so the caller may reuse its buffer at once; several publishes may be in flight together.
    /// </summary>
    public async Task<PublishOutcome> PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain, CancellationToken ct)
    {
        if (!_client.IsConnected)
        {
            return PublishOutcome.NotConnected;
        }

        MqttApplicationMessage message = Message(topic, payload.ToArray(), retain);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_settings.PublishTimeout);
        try
        {
            MqttClientPublishResult result = await _client.PublishAsync(message, timeout.Token).ConfigureAwait(false);
            if (result.IsSuccess)
            {
                // The link works again: an earlier refusal or timeout is history, not the state of the upstream.
                LastError = null;
                return PublishOutcome.Acknowledged;
            }

            LastError = $"broker refused publish to {topic}: {result.ReasonCode} {result.ReasonString}".TrimEnd();
            return PublishOutcome.Refused;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            LastError = $"no PUBACK for {topic} within {_settings.PublishTimeout.TotalSeconds:0.#} s";
            return PublishOutcome.Failed;
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or MQTTnet.Exceptions.MqttClientNotConnectedException)
        {
            LastError = $"publish to {topic} failed: {ex.Message}";
            return PublishOutcome.Failed;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        if (_client.IsConnected)
        {
            // A clean shutdown says "offline" itself; the broker only sends the Will when the gateway vanishes.
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _client.PublishAsync(StatusMessage(_offlineStatus), quick.Token).ConfigureAwait(false);
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), quick.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                // Shutting down anyway; the Will covers an unclean end.
            }
        }

        _client.Dispose();
        _stop.Dispose();
    }

    internal MqttClientOptions BuildOptions()
    {
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_settings.Broker.Host, _settings.Port)
            .WithClientId(_settings.ClientId)
            .WithProtocolVersion(_settings.ProtocolVersion == "3.1.1" ? MqttProtocolVersion.V311 : MqttProtocolVersion.V500)
            .WithKeepAlivePeriod(_settings.KeepAlive)
            .WithCleanSession(true)
            .WithWillTopic(_statusTopic)
            .WithWillPayload(_offlineStatus)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (_settings.Username is not null)
        {
            builder = builder.WithCredentials(_settings.Username, _settings.Password);
        }

        if (_settings.UsesTls)
        {
            builder = builder.WithTlsOptions(tls =>
            {
                tls.UseTls();
                if (_settings.CaFile is not null)
                {
                    var trust = new X509Certificate2Collection();
                    trust.ImportFromPemFile(_settings.CaFile);
                    tls.WithTrustChain(trust);
                }

                if (_settings.ClientCertFile is not null)
                {
                    var certificate = X509Certificate2.CreateFromPemFile(_settings.ClientCertFile, _settings.ClientKeyFile);
                    tls.WithClientCertificates([certificate]);
                }
            });
        }

        return builder.Build();
    }

    private MqttApplicationMessage StatusMessage(byte[] payload) => Message(_statusTopic, payload, retain: true);

    private MqttApplicationMessage Message(string topic, byte[] payload, bool retain)
    {
        MqttApplicationMessageBuilder builder = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain);

        // Content type is an MQTT 5 property; MQTTnet refuses it on a 3.1.1 connection.
        return (_settings.ProtocolVersion == "3.1.1" ? builder : builder.WithContentType("application/json")).Build();
    }

    private async Task ConnectionLoopAsync(CancellationToken ct)
    {
        MqttClientOptions options = BuildOptions();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                _disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                MqttClientConnectResult result = await _client.ConnectAsync(options, ct).ConfigureAwait(false);
                if (result.ResultCode != MqttClientConnectResultCode.Success)
                {
                    throw new InvalidOperationException($"broker refused the connection: {result.ResultCode} {result.ReasonString}".TrimEnd());
                }

                await _client.PublishAsync(StatusMessage(_onlineStatus()), ct).ConfigureAwait(false);
                if (Commands is { } commands)
                {
                    await _client.SubscribeAsync(commands.Filter, MqttQualityOfServiceLevel.AtLeastOnce, ct).ConfigureAwait(false);
                }

                if (ConfigDelivery is { } config)
                {
                    await _client.SubscribeAsync(config.Topic, MqttQualityOfServiceLevel.AtLeastOnce, ct).ConfigureAwait(false);
                }

                Connects++;
                LastError = null;
                _backoff.Reset();
                _connected.TrySetResult();
                await _disconnected.Task.WaitAsync(ct).ConfigureAwait(false);
                _connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                LastError = "connection to " + _settings.Broker + " lost";
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LastError = $"cannot connect to {_settings.Broker}: {ex.Message}";
                Interlocked.Increment(ref _connectFailures); // a full fence: the error above is visible first
            }

            try
            {
                await Task.Delay(_backoff.Next(), ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
