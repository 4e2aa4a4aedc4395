using System;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Threading;
using EdgeSensors.Node.Uplink;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace EdgeSensors.Node.Esp32.Mqtt;

/// <summary>
/// The node's MQTT connection over nanoFramework.M2Mqtt: TLS 1.2 with the broker's CA, a retained Last Will
/// ({"node":ID,"state":"offline"} on the status topic), persistent session (clean session off) and QoS 1. Connecting
/// (DNS, TLS handshake, CONNACK) blocks for seconds, so it runs on its own thread; the main loop only ever calls
/// <see cref="BeginPublish"/>, <see cref="Progress"/> and <see cref="TryTakeConfig"/>/<see cref="TryTakeAck"/>, which never wait.
/// </summary>
public sealed class M2MqttLink : IMqttLink
{
    private const int FirstRetryMs = 2000;
    private const int MaxRetryMs = 60000;
    private const int AckSlots = 8;

    private readonly BrokerSettings _settings;
    private readonly object _gate = new object();
    private string _statusTopic = "";
    private string _willMessage = "";
    private string[] _subscriptions = new string[0];
    private string _configTopic = "";
    private string _ackTopic = "";
    private MqttClient? _client;
    private MqttClient? _stale;
    private bool _connected;
    private ushort _pendingId;
    private PublishProgress _progress = PublishProgress.Idle;
    private readonly string[] _acks = new string[AckSlots];
    private byte[]? _configMessage;
    private int _ackHead;
    private int _ackCount;
    private Thread? _connector;

    public M2MqttLink(BrokerSettings settings)
    {
        _settings = settings;
    }

    public bool IsConnected
    {
        get
        {
            lock (_gate)
            {
                return _connected;
            }
        }
    }

    public PublishProgress Progress
    {
        get
        {
            lock (_gate)
            {
                return _progress;
            }
        }
    }

    /// <summary>Connection attempts that failed since start (DNS, TLS, refused CONNACK), for diagnostics.</summary>
    public int FailedConnects { get; private set; }

    /// <summary>Why the last attempt failed, with the broker named; empty after a success.</summary>
    public string LastError { get; private set; } = "";

    /// <summary>
    /// Starts the connector thread. <paramref name="nodeId"/> names the will; the node's config and ack topics are
    /// subscribed with QoS 1 after every connect (the retained config arrives then).
    /// </summary>
    public void Start(string nodeId, string statusTopic, string configTopic, string ackTopic)
    {
        _statusTopic = statusTopic;
        _willMessage = "{\"node\":\"" + nodeId + "\",\"state\":\"offline\"}";
        _configTopic = configTopic;
        _ackTopic = ackTopic;
        _subscriptions = new string[] { configTopic, ackTopic };
        _connector = new Thread(ConnectLoop);
        _connector.Start();
    }

    public bool BeginPublish(string topic, byte[] payload, int count, bool retain)
    {
        lock (_gate)
        {
            if (!_connected || _client == null || _progress == PublishProgress.Pending)
            {
                return false;
            }

            // M2Mqtt sends a whole array and keeps it until PUBACK, so the core's shared buffer is copied out once here.
            var message = new byte[count];
            Array.Copy(payload, 0, message, 0, count);
            try
            {
                // Under the lock, so the PUBACK handler cannot run before the id is known.
                _pendingId = _client.Publish(topic, message, null, null, MqttQoSLevel.AtLeastOnce, retain);
                _progress = PublishProgress.Pending;
                return true;
            }
            catch (Exception e)
            {
                LastError = "publish to " + topic + " failed: " + e.Message;
                _progress = PublishProgress.Failed;
                return false;
            }
        }
    }

    /// <summary>The newest message received on the config topic since the last call, or null.</summary>
    public byte[]? TryTakeConfig()
    {
        lock (_gate)
        {
            byte[]? message = _configMessage;
            _configMessage = null;
            return message;
        }
    }

    /// <summary>Acknowledge commands that arrived while 8 were already waiting, and were dropped.</summary>
    public int DroppedAcks { get; private set; }

    /// <summary>The oldest waiting acknowledge command ("device/tag" or "*"), or null.</summary>
    public string? TryTakeAck()
    {
        lock (_gate)
        {
            if (_ackCount == 0)
            {
                return null;
            }

            string ack = _acks[_ackHead];
            _acks[_ackHead] = "";
            _ackHead = (_ackHead + 1) % AckSlots;
            _ackCount--;
            return ack;
        }
    }

    private void ConnectLoop()
    {
        int retryMs = FirstRetryMs;
        while (true)
        {
            CloseStaleClient();
            if (!IsConnected)
            {
                if (TryConnect())
                {
                    retryMs = FirstRetryMs;
                }
                else
                {
                    FailedConnects++;
                    Thread.Sleep(retryMs);
                    retryMs = retryMs * 2 > MaxRetryMs ? MaxRetryMs : retryMs * 2;
                    continue;
                }
            }

            Thread.Sleep(1000);
        }
    }

    // A client whose connection dropped (event, or keep-alive found it dead) is closed here, off the main loop.
    private void CloseStaleClient()
    {
        MqttClient? stale;
        lock (_gate)
        {
            if (_connected && _client != null && !_client.IsConnected)
            {
                MarkClosed();
            }

            stale = _stale;
            _stale = null;
        }

        if (stale != null)
        {
            try
            {
                stale.Close();
            }
            catch (Exception)
            {
                // It is being discarded; a failure to close it changes nothing for the next connection.
            }
        }
    }

    private bool TryConnect()
    {
        MqttClient? client = null;
        try
        {
            X509Certificate? ca = _settings.CaCertificatePem == null ? null : new X509Certificate(_settings.CaCertificatePem);
            bool secure = ca != null;
            client = new MqttClient(_settings.Host, _settings.Port, secure, ca, null, secure ? MqttSslProtocols.TLSv1_2 : MqttSslProtocols.None);
            client.MqttMsgPublished += OnPublished;
            client.MqttMsgPublishReceived += OnReceived;
            client.ConnectionClosed += OnClosed;
            MqttReasonCode code = client.Connect(
                _settings.ClientId,
                _settings.UserName,
                _settings.Password,
                true,
                MqttQoSLevel.AtLeastOnce,
                true,
                _statusTopic,
                _willMessage,
                false,
                _settings.KeepAliveSeconds);
            if (code != MqttReasonCode.Success)
            {
                LastError = "broker " + _settings.Host + ":" + _settings.Port.ToString() + " refused the connection (" + code.ToString() + "); check the node's MQTT user, password and ACL";
                client.Close();
                return false;
            }

            client.Subscribe(_subscriptions, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce, MqttQoSLevel.AtLeastOnce });
            lock (_gate)
            {
                _client = client;
                _connected = true;
            }

            LastError = "";
            return true;
        }
        catch (Exception e)
        {
            LastError = "cannot reach broker " + _settings.Host + ":" + _settings.Port.ToString() + " (" + e.Message + "); check WiFi, DNS, the broker's CA certificate and the clock (TLS needs the time)";
            if (client != null)
            {
                client.Close();
            }

            return false;
        }
    }

    private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
    {
        lock (_gate)
        {
            if (_progress == PublishProgress.Pending && e.MessageId == _pendingId)
            {
                _progress = e.IsPublished ? PublishProgress.Delivered : PublishProgress.Failed;
            }
        }
    }

    private void OnReceived(object sender, MqttMsgPublishEventArgs e)
    {
        lock (_gate)
        {
            if (e.Topic == _configTopic)
            {
                _configMessage = e.Message;
            }
            else if (e.Topic == _ackTopic)
            {
                if (_ackCount == AckSlots)
                {
                    DroppedAcks++;
                    return;
                }

                _acks[(_ackHead + _ackCount) % AckSlots] = Encoding.UTF8.GetString(e.Message, 0, e.Message.Length);
                _ackCount++;
            }
        }
    }

    private void OnClosed(object sender, EventArgs e)
    {
        lock (_gate)
        {
            MarkClosed();
        }
    }

    // Called under _gate.
    private void MarkClosed()
    {
        _connected = false;
        if (_client != null)
        {
            _stale = _client;
            _client = null;
        }

        if (_progress == PublishProgress.Pending)
        {
            _progress = PublishProgress.Failed;
        }
    }
}
