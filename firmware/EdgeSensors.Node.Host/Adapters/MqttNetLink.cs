using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using EdgeSensors.Node.Uplink;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeSensors.Node.Host.Adapters;

/// <summary>
/// The core's MQTT link over MQTTnet 5: connects (and reconnects, with backoff) on its own task with a retained Last
/// Will on the status topic, subscribes the node's config and ack topics, and publishes with QoS 1. The main loop
/// only calls <see cref="BeginPublish"/>, <see cref="Progress"/>, <see cref="TryTakeConfig"/> and <see cref="TryTakeAck"/>,
/// none of which waits.
/// </summary>
public sealed class MqttNetLink : IMqttLink, IAsyncDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(5);

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly string _host;
    private readonly int _port;
    private readonly string _clientId;
    private readonly string? _userName;
    private readonly string? _password;
    private readonly ConcurrentQueue<string> _acks = new();
    private readonly CancellationTokenSource _stop = new();
    private string _statusTopic = "";
    private string _configTopic = "";
    private string _ackTopic = "";
    private byte[] _will = [];
    private byte[]? _config;
    private Task<MqttClientPublishResult>? _publish;
    private Task? _connector;
    private volatile bool _connected;

    public MqttNetLink(string host, int port, string clientId, string? userName = null, string? password = null)
    {
        _host = host;
        _port = port;
        _clientId = clientId;
        _userName = userName;
        _password = password;
        _client.DisconnectedAsync += _ =>
        {
            _connected = false;
            return Task.CompletedTask;
        };
        _client.ApplicationMessageReceivedAsync += e =>
        {
            byte[] payload = e.ApplicationMessage.Payload.ToArray();
            if (e.ApplicationMessage.Topic == _configTopic)
            {
                // Only the newest config matters; an older one still waiting is replaced.
                Volatile.Write(ref _config, payload);
            }
            else if (e.ApplicationMessage.Topic == _ackTopic)
            {
                _acks.Enqueue(Encoding.UTF8.GetString(payload));
            }

            return Task.CompletedTask;
        };
    }

    public bool IsConnected => _connected;

    /// <summary>Connections made since start.</summary>
    public int Connects { get; private set; }

    /// <summary>Why the last connection attempt failed; null after a success.</summary>
    public string? LastError { get; private set; }

    public PublishProgress Progress
    {
        get
        {
            Task<MqttClientPublishResult>? publish = _publish;
            if (publish == null)
            {
                return PublishProgress.Idle;
            }

            if (!publish.IsCompleted)
            {
                return PublishProgress.Pending;
            }

            return publish.IsCompletedSuccessfully && publish.Result.IsSuccess ? PublishProgress.Delivered : PublishProgress.Failed;
        }
    }

    /// <summary>Starts connecting; the config and ack topics are subscribed after every connect (the retained config arrives then).</summary>
    public void Start(string nodeId, string statusTopic, string configTopic, string ackTopic)
    {
        _statusTopic = statusTopic;
        _configTopic = configTopic;
        _ackTopic = ackTopic;
        _will = Encoding.UTF8.GetBytes("{\"node\":\"" + nodeId + "\",\"state\":\"offline\"}");
        _connector = Task.Run(() => ConnectLoopAsync(_stop.Token));
    }

    public bool BeginPublish(string topic, byte[] payload, int count, bool retain)
    {
        if (!_connected || Progress == PublishProgress.Pending)
        {
            return false;
        }

        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload.AsSpan(0, count).ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(retain)
            .Build();
        var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            _publish = _client.PublishAsync(message, timeout.Token);
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttClientNotConnectedException or MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException)
        {
            // The link dropped between the check above and the publish (the client throws before returning a task):
            // the publish did not start, the reading stays buffered, and the disconnect event and connect loop take over.
            timeout.Dispose();
            return false;
        }

        _publish.ContinueWith(_ => timeout.Dispose(), TaskScheduler.Default);
        return true;
    }

    /// <summary>The newest config message received since the last call, or null.</summary>
    public byte[]? TryTakeConfig() => Interlocked.Exchange(ref _config, null);

    /// <summary>The next acknowledgement command ("device/tag" or "*"), or null.</summary>
    public string? TryTakeAck() => _acks.TryDequeue(out string? ack) ? ack : null;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_connector != null)
        {
            await _connector.ConfigureAwait(false);
        }

        if (_client.IsConnected)
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _client.DisconnectAsync(new MqttClientDisconnectOptions(), quick.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                // Shutting down anyway; the broker publishes the Last Will.
            }
        }

        _client.Dispose();
        _stop.Dispose();
    }

    private async Task ConnectLoopAsync(CancellationToken ct)
    {
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithTcpServer(_host, _port)
            .WithClientId(_clientId)
            .WithCleanSession(true)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(5))
            .WithWillTopic(_statusTopic)
            .WithWillPayload(_will)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (_userName is not null)
        {
            builder = builder.WithCredentials(_userName, _password ?? "");
        }

        MqttClientOptions options = builder.Build();
        TimeSpan retry = FirstRetry;
        while (!ct.IsCancellationRequested)
        {
            if (!_client.IsConnected)
            {
                _connected = false;
                try
                {
                    MqttClientConnectResult result = await _client.ConnectAsync(options, ct).ConfigureAwait(false);
                    if (result.ResultCode != MqttClientConnectResultCode.Success)
                    {
                        throw new InvalidOperationException("broker refused the connection: " + result.ResultCode);
                    }

                    await _client.SubscribeAsync(_configTopic, MqttQualityOfServiceLevel.AtLeastOnce, ct).ConfigureAwait(false);
                    await _client.SubscribeAsync(_ackTopic, MqttQualityOfServiceLevel.AtLeastOnce, ct).ConfigureAwait(false);
                    Connects++;
                    LastError = null;
                    retry = FirstRetry;
                    _connected = true;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e)
                {
                    LastError = "cannot connect to " + _host + ":" + _port + ": " + e.Message;
                    retry = retry * 2 > MaxRetry ? MaxRetry : retry * 2;
                }
            }

            try
            {
                await Task.Delay(_connected ? FirstRetry : retry, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
