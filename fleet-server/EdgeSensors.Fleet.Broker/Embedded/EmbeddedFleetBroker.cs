using System.Net;
using EdgeSensors.Fleet.Broker.Access;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeSensors.Fleet.Broker.Embedded;

/// <summary>
/// MQTTnet's broker hosted in the fleet server (broker mode "embedded"). Each CONNECT is checked against the
/// registry (<see cref="IDeviceAuthenticator"/>, resolved per connection because it reads the database); a device's
/// client id must be its device id, so no device can take over another's session. Every PUBLISH and SUBSCRIBE of a
/// device goes through <see cref="DeviceTopicPolicy"/>. The fleet server's own clients log in with
/// <see cref="InternalCredential"/> and may use any topic, including shared subscriptions
/// (<see cref="SharedSubscriptionRouter"/>: MQTTnet has none of its own).
/// </summary>
public sealed class EmbeddedFleetBroker : IHostedService, IDeviceAccessControl, IAsyncDisposable
{
    private const string DeviceKey = "edgesensors.device";
    private const string InternalKey = "edgesensors.internal";

    private readonly FleetBrokerOptions _options;
    private readonly InternalCredential _internal;
    private readonly IServiceScopeFactory _scopes;
    private readonly ILogger<EmbeddedFleetBroker> _log;
    private readonly DeviceTopicPolicy _policy;
    private readonly SharedSubscriptionRouter _shared = new();

    private readonly DeviceSubscriptionRouter _devices;

    // Start, stop and dispose one at a time: MQTTnet's server is not safe against two stops at once (its TCP adapter
    // clears its listener list while the other stop enumerates it), and the host's stop and the container's dispose
    // can overlap when a stop outlasts the host's shutdown timeout.
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private MqttServer? _server;
    private bool _disposed;

    public EmbeddedFleetBroker(FleetBrokerOptions options, InternalCredential internalCredential, IServiceScopeFactory scopes, ILogger<EmbeddedFleetBroker> log)
    {
        _options = options;
        _internal = internalCredential;
        _scopes = scopes;
        _log = log;
        _policy = new DeviceTopicPolicy(options.TopicPrefix);
        _devices = new DeviceSubscriptionRouter(options.TopicPrefix);
    }

    /// <summary>The plain port actually listened on (the configured one, or the free port picked for 0); 0 when the plain listener is off. Set by <see cref="StartAsync"/>.</summary>
    public int Port { get; private set; }

    /// <summary>The TLS port actually listened on; 0 without a TLS listener. Set by <see cref="StartAsync"/>.</summary>
    public int TlsPort { get; private set; }

    /// <summary>The TLS listener's certificate (null without one): the server's own clients pin it when only TLS is on.</summary>
    public System.Security.Cryptography.X509Certificates.X509Certificate2? Certificate { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await StartServerAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task StartServerAsync()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        IPAddress address = IPAddress.Parse(_options.BindAddress);
        MqttServerOptionsBuilder builder = new MqttServerFactory().CreateServerOptionsBuilder()
            .WithMaxPendingMessagesPerClient(Math.Max(250, _options.MaxPendingMessagesPerClient))
            .WithConnectionBacklog(1000)
            .WithPersistentSessions(true);
        if (_options.PlainEnabled)
        {
            Port = _options.Port == 0 ? FreePort(address) : _options.Port;
            builder = builder.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(address).WithDefaultEndpointPort(Port);
        }
        else
        {
            builder = builder.WithoutDefaultEndpoint();
        }

        if (_options.TlsPort is { } tlsPort)
        {
            Certificate = BrokerCertificate.Load(_options);
            TlsPort = tlsPort == 0 ? FreePort(address) : tlsPort;
            builder = builder.WithEncryptedEndpoint().WithEncryptedEndpointBoundIPAddress(address).WithEncryptedEndpointPort(TlsPort)
                .WithEncryptionCertificate(Certificate).WithEncryptionSslProtocol(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13);
        }
        else if (!_options.PlainEnabled)
        {
            throw new InvalidOperationException($"{FleetBrokerOptions.Section}:PlainEnabled is false and no TlsPort is set: the embedded broker would not listen at all. fix: set {FleetBrokerOptions.Section}:TlsPort (e.g. 8883) and TlsCertificatePath, or enable the plain listener");
        }

        MqttServerOptions serverOptions = builder.Build();
        _server = new MqttServerFactory().CreateMqttServer(serverOptions);
        _server.ValidatingConnectionAsync += ValidateConnectionAsync;
        _server.InterceptingPublishAsync += InterceptPublishAsync;
        _server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
        _server.InterceptingInboundPacketAsync += e =>
        {
            // Only the fleet server's own clients may share subscriptions; a device's $share filter reaches MQTTnet as is and is refused.
            if (e.SessionItems?.Contains(InternalKey) == true)
            {
                if (e.Packet is MQTTnet.Packets.MqttSubscribePacket subscribe)
                {
                    _shared.RewriteSubscribe(e.ClientId, subscribe);
                }
                else if (e.Packet is MQTTnet.Packets.MqttUnsubscribePacket unsubscribe)
                {
                    _shared.RewriteUnsubscribe(e.ClientId, unsubscribe);
                }
            }

            return Task.CompletedTask;
        };
        _server.InterceptingClientEnqueueAsync += e =>
        {
            e.AcceptEnqueue = _shared.ShouldDeliver(e.ReceiverClientId, e.ApplicationMessage);
            return Task.CompletedTask;
        };
        _server.InterceptingUnsubscriptionAsync += e =>
        {
            if (e.SessionItems[DeviceKey] is string device)
            {
                _devices.Unsubscribe(device, e.Topic);
            }

            return Task.CompletedTask;
        };
        _server.ApplicationMessageNotConsumedAsync += e =>
        {
            _log.LogDebug("embedded broker: {Topic} from {Sender} reached no subscriber", e.ApplicationMessage.Topic, e.SenderId);
            return Task.CompletedTask;
        };
        _server.ClientDisconnectedAsync += e =>
        {
            if (e.SessionItems?.Contains(InternalKey) == true)
            {
                // Anything but a clean disconnect of the server's own consumer means messages may have waited in its session.
                _log.Log(e.DisconnectType == MqttClientDisconnectType.Clean ? LogLevel.Information : LogLevel.Warning,
                    "the fleet server's own MQTT client {Client} was disconnected: {Type} {Reason}", e.ClientId, e.DisconnectType, e.ReasonCode);
            }

            _shared.Forget(e.ClientId);
            return Task.CompletedTask;
        };
        try
        {
            await _server.StartAsync().ConfigureAwait(false);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            throw new InvalidOperationException(
                $"the embedded MQTT broker cannot listen on {_options.BindAddress} (plain port {Port}, TLS port {TlsPort}; 0: off): {ex.Message}. fix: stop the other broker on that port, "
                + $"or set {FleetBrokerOptions.Section}:Port (or TlsPort) to a free port, or {FleetBrokerOptions.Section}:Mode=External to use Mosquitto",
                ex);
        }

        _log.LogInformation("embedded MQTT broker listening on {Address}, plain port {Port}, TLS port {TlsPort} (0: off), topic prefix {Prefix}",
            _options.BindAddress, Port, TlsPort, _options.TopicPrefix);
    }

    /// <summary>Stops listening and disconnects every client. Safe to call more than once and at the same time as <see cref="DisposeAsync"/>.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Not cancelled by the host's token: a half-stopped server would keep its port.
        await _lifecycle.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await StopServerAsync().ConfigureAwait(false);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task StopServerAsync()
    {
        if (_server is { IsStarted: true } server)
        {
            await server.StopAsync(new MqttServerStopOptions()).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Publishes a retained QoS 1 message to one device's own topic (its desired config) without MQTTnet's routing over
    /// every session: into the retained store, and to the device's session when it subscribed to it
    /// (<see cref="DeviceSubscriptionRouter"/>). Nobody but the device may subscribe to its config topic.
    /// </summary>
    public async Task DeliverRetainedAsync(string deviceId, string topic, byte[] payload, CancellationToken ct)
    {
        MqttServer server = _server ?? throw new InvalidOperationException("the embedded MQTT broker is not started");
        MqttApplicationMessage message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build();
        await server.UpdateRetainedMessageAsync(message).ConfigureAwait(false);
        _devices.Retain(deviceId, message);
        ct.ThrowIfCancellationRequested();
        await RouteToDeviceAsync(deviceId, message, retained: false).ConfigureAwait(false);
    }

    /// <summary>Queues a message for the device's session when one of its subscriptions matches (at that subscription's QoS at most).</summary>
    private async Task RouteToDeviceAsync(string deviceId, MqttApplicationMessage message, bool retained)
    {
        if (_server is not { } server || _devices.Match(deviceId, message.Topic) is not { } granted || await server.GetSessionAsync(deviceId).ConfigureAwait(false) is not { } session)
        {
            return;
        }

        // As a broker forwards a message: retain set only for retained messages sent on subscribe (no retain-as-published).
        MqttApplicationMessage copy = new MqttApplicationMessageBuilder().WithTopic(message.Topic).WithPayload(message.Payload)
            .WithQualityOfServiceLevel(granted < message.QualityOfServiceLevel ? granted : message.QualityOfServiceLevel).WithRetainFlag(retained).Build();
        if (!session.TryEnqueueApplicationMessage(copy, out _))
        {
            _log.LogWarning("device {Device}: the broker's queue for its session is full; {Topic} not queued (a retained message comes again on its next subscribe)", deviceId, message.Topic);
        }
    }

    /// <summary>Nothing to do: the registry already holds the new credential hash the next CONNECT is checked against.</summary>
    public Task GrantAsync(string deviceId, string password, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Nothing to do, as for <see cref="GrantAsync"/>.</summary>
    public Task GrantManyAsync(IReadOnlyList<(string DeviceId, string Password)> devices, CancellationToken ct) => Task.CompletedTask;

    /// <summary>The registry already refuses the next CONNECT; this ends the current connection, if any.</summary>
    public async Task RevokeAsync(string deviceId, CancellationToken ct)
    {
        if (_server is null)
        {
            return;
        }

        foreach (MqttClientStatus client in await _server.GetClientsAsync().ConfigureAwait(false))
        {
            if (client.Id == deviceId)
            {
                await client.DisconnectAsync(new MqttServerClientDisconnectOptions
                {
                    ReasonCode = MqttDisconnectReasonCode.NotAuthorized,
                    ReasonString = "credentials revoked",
                }).ConfigureAwait(false);
                _log.LogInformation("device {Device} disconnected: credentials revoked", deviceId);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _lifecycle.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            _disposed = true;
            if (_server is { } server)
            {
                await StopServerAsync().ConfigureAwait(false);
                server.Dispose();
                _server = null;
            }
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    private async Task ValidateConnectionAsync(ValidatingConnectionEventArgs e)
    {
        if (_internal.Matches(e.UserName, e.Password))
        {
            e.SessionItems[InternalKey] = true;
            return;
        }

        if (string.IsNullOrEmpty(e.UserName) || e.Password is null)
        {
            Refuse(e, MqttConnectReasonCode.BadUserNameOrPassword, "a device logs in with the user name and password it got at enrolment");
            return;
        }

        DeviceLogin login;
        using (AsyncServiceScope scope = _scopes.CreateAsyncScope())
        {
            IDeviceAuthenticator authenticator = scope.ServiceProvider.GetRequiredService<IDeviceAuthenticator>();
            login = await authenticator.AuthenticateAsync(e.UserName, e.Password, e.CancellationToken).ConfigureAwait(false);
        }

        switch (login.Outcome)
        {
            case DeviceLoginOutcome.Revoked:
                Refuse(e, MqttConnectReasonCode.NotAuthorized, "credentials revoked; enrol the device again");
                return;
            case DeviceLoginOutcome.BadCredentials:
                Refuse(e, MqttConnectReasonCode.BadUserNameOrPassword, "unknown device or wrong password");
                return;
        }

        if (e.ClientId != login.DeviceId)
        {
            Refuse(e, MqttConnectReasonCode.ClientIdentifierNotValid, $"the client id must be the device id '{login.DeviceId}'");
            return;
        }

        e.SessionItems[DeviceKey] = login.DeviceId;
        if (e.CleanSession != false)
        {
            // A clean start has no subscriptions until the device subscribes again.
            _devices.Forget(login.DeviceId);
        }
    }

    private void Refuse(ValidatingConnectionEventArgs e, MqttConnectReasonCode code, string reason)
    {
        e.ReasonCode = code;
        if (e.ProtocolVersion == MQTTnet.Formatter.MqttProtocolVersion.V500)
        {
            e.ReasonString = reason;
        }

        _log.LogInformation("MQTT connection of client {Client} (user {User}) from {Endpoint} refused: {Code}, {Reason}", e.ClientId, e.UserName, e.RemoteEndPoint, code, reason);
    }

    private Task InterceptPublishAsync(InterceptingPublishEventArgs e)
    {
        if (e.SessionItems is null || e.SessionItems.Contains(InternalKey))
        {
            // The server's own publish (no session items: injected). MQTTnet delivers it to the server's own subscribers;
            // a device's subscriptions are ours, so a message in a device's namespace is routed to that device here.
            return _devices.DeviceOf(e.ApplicationMessage.Topic) is { } device ? ToDeviceAsync(device, e.ApplicationMessage) : Task.CompletedTask;
        }

        string? deviceId = e.SessionItems[DeviceKey] as string;
        if (deviceId is null || !_policy.MayPublish(deviceId, e.ApplicationMessage.Topic))
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            e.Response.ReasonString = $"device '{deviceId}' may publish only to {_policy.Prefix}/{deviceId}/(telemetry|alarms|status|config/reported)";
            _log.LogWarning("device {Device} tried to publish to {Topic}: dropped", deviceId, e.ApplicationMessage.Topic);
        }

        return Task.CompletedTask;
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        if (e.SessionItems.Contains(InternalKey))
        {
            return Task.CompletedTask;
        }

        string? deviceId = e.SessionItems[DeviceKey] as string;
        if (deviceId is null || !_policy.MaySubscribe(deviceId, e.TopicFilter.Topic))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            e.ReasonString = $"device '{deviceId}' may subscribe only to {_policy.Prefix}/{deviceId}/config and {_policy.Prefix}/{deviceId}/commands/#";
            _log.LogWarning("device {Device} tried to subscribe to {Filter}: refused", deviceId, e.TopicFilter.Topic);
        }
        else
        {
            // Granted (the reason code stays MQTTnet's granted QoS), but kept by us and not by MQTTnet: see DeviceSubscriptionRouter.
            e.ProcessSubscription = false;
            List<MqttApplicationMessage> retained = _devices.Subscribe(deviceId, e.TopicFilter.Topic, e.TopicFilter.QualityOfServiceLevel);
            if (retained.Count > 0)
            {
                // After the SUBACK is on its way, as MQTT sends retained messages after it.
                _ = Task.Run(async () =>
                {
                    foreach (MqttApplicationMessage message in retained)
                    {
                        await RouteToDeviceAsync(deviceId, message, retained: true).ConfigureAwait(false);
                    }
                });
            }
        }

        return Task.CompletedTask;
    }

    private async Task ToDeviceAsync(string deviceId, MqttApplicationMessage message)
    {
        if (message.Retain)
        {
            _devices.Retain(deviceId, message);
        }

        await RouteToDeviceAsync(deviceId, message, retained: false).ConfigureAwait(false);
    }

    private static int FreePort(IPAddress address)
    {
        using var probe = new System.Net.Sockets.TcpListener(address, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
