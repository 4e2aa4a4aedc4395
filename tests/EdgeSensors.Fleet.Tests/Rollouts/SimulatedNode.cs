using System.Text;
using EdgeSensors.Alarms;
using EdgeSensors.Config.Envelope;
using EdgeSensors.Node;
using EdgeSensors.Node.Config;
using EdgeSensors.Node.Outputs;
using EdgeSensors.Node.Polling;
using EdgeSensors.Node.Status;
using EdgeSensors.Node.Uplink;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeSensors.Fleet.Tests.Rollouts;

/// <summary>
/// An enrolled ESP32 node without its RS-485 instruments: the unchanged portable node core (<see cref="NodeRuntime"/>,
/// the code the ESP32 runs) with the node's own <see cref="SealedConfigOpener"/>, on a real MQTT 5 client with the
/// device's login. The core checks every config (envelope, signature, revision, the firmware parser, the node id) and
/// publishes its own report, telemetry and status (alarm_evaluations), as on the device. The line answers nothing, so
/// readings are comm_failure; the alarm evaluator still runs every poll.
/// </summary>
public sealed class SimulatedNode : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly object _gate = new();
    private readonly byte[] _key;
    private readonly Thread _loop;
    private NodeRuntime _node = null!;
    private byte[]? _offered;
    private volatile bool _stopping;

    private SimulatedNode(string id, byte[] key)
    {
        Id = id;
        _key = key;
        _loop = new Thread(Loop) { IsBackground = true, Name = "simulated-node-" + id };
    }

    public string Id { get; }

    /// <summary>The bodies of the configs the core applied, in order.</summary>
    public List<string> Applied { get; } = [];

    /// <summary>A boot config for <paramref name="id"/>: one PT495 gas detector with H and HH alarms, polled every second.</summary>
    public static string BootConfig(string id) =>
        "{\"node\":\"" + id + "\",\"status_s\":1,\"devices\":[{\"name\":\"t101-lel\",\"unit\":1,\"poll_ms\":1000,\"timeout_ms\":100,\"retries\":0,"
        + "\"tags\":[{\"name\":\"concentration\",\"register\":40001,\"scale\":0.1,\"unit\":\"%LEL\",\"min\":0,\"max\":100,\"alarms\":{\"h\":25,\"hh\":50}}]}]}";

    /// <summary>Boots the core with <see cref="BootConfig"/>, connects as <paramref name="id"/> and subscribes to its config topic.</summary>
    public static async Task<SimulatedNode> StartAsync(string host, int port, string id, string password, byte[] key)
    {
        var simulated = new SimulatedNode(id, key);
        var parser = new NodeConfigParser();
        byte[] boot = Encoding.UTF8.GetBytes(BootConfig(id));
        NodeConfig config = parser.Parse(boot, 0, boot.Length) ?? throw new InvalidOperationException(parser.Error);
        simulated._node = new NodeRuntime(config, new SilentLine(), 9600, new ClientLink(simulated._client), new NoPins(), new Uptime(), null, null,
            new SealedConfigOpener(key), Environment.TickCount64);
        simulated._client.ApplicationMessageReceivedAsync += e =>
        {
            if (e.ApplicationMessage.Topic == simulated._node.ConfigTopic)
            {
                Volatile.Write(ref simulated._offered, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload));
            }

            return Task.CompletedTask;
        };
        MqttClientConnectResult connected = await simulated._client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(host, port).WithClientId(id).WithCredentials(id, password)
            .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(20)).Build());
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"node {id} was refused by the broker at {host}:{port}: {connected.ResultCode}");
        }

        await simulated._client.SubscribeAsync(simulated._node.ConfigTopic, MqttQualityOfServiceLevel.AtLeastOnce);
        simulated._loop.Start();
        return simulated;
    }

    /// <summary>Runs <paramref name="action"/> on the core between two loop passes (the core is single-threaded).</summary>
    public T Inspect<T>(Func<NodeRuntime, T> action)
    {
        lock (_gate)
        {
            return action(_node);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        _loop.Join();
        try
        {
            if (_client.IsConnected)
            {
                await _client.DisconnectAsync();
            }
        }
        catch (MQTTnet.Exceptions.MqttCommunicationException)
        {
            // The broker went first.
        }

        _client.Dispose();
    }

    /// <summary>The device's main loop: step the core, hand it a received config, pause.</summary>
    private void Loop()
    {
        while (!_stopping)
        {
            lock (_gate)
            {
                long now = Environment.TickCount64;
                _node.Step(now, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                byte[]? config = Interlocked.Exchange(ref _offered, null);
                if (config is not null && _node.OfferConfig(config, config.Length, now))
                {
                    ConfigEnvelopeResult opened = ConfigEnvelope.Open(config, config.Length, _key);
                    lock (Applied)
                    {
                        Applied.Add(Encoding.UTF8.GetString(config, opened.BodyOffset, opened.BodyLength));
                    }
                }
            }

            Thread.Sleep(2);
        }
    }

    /// <summary>The core's MQTT seam over the MQTTnet client: one QoS 1 publish in flight, checked without waiting.</summary>
    private sealed class ClientLink(IMqttClient client) : IMqttLink
    {
        private Task<MqttClientPublishResult>? _publish;

        public bool IsConnected => client.IsConnected;

        public PublishProgress Progress => _publish switch
        {
            null => PublishProgress.Idle,
            { IsCompleted: false } => PublishProgress.Pending,
            { IsCompletedSuccessfully: true } p when p.Result.IsSuccess => PublishProgress.Delivered,
            _ => PublishProgress.Failed,
        };

        public bool BeginPublish(string topic, byte[] payload, int count, bool retain)
        {
            if (!client.IsConnected || Progress == PublishProgress.Pending)
            {
                return false;
            }

            _publish = client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload.AsSpan(0, count).ToArray())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build());
            return true;
        }
    }

    /// <summary>An RS-485 line nobody answers on.</summary>
    private sealed class SilentLine : IRtuLine
    {
        public void DiscardInput()
        {
        }

        public bool Write(byte[] frame, int offset, int count) => true;

        public int Read(byte[] buffer, int offset, int count) => 0;
    }

    private sealed class NoPins : IPinDriver
    {
        public IOutputPin OpenOutput(int pin) => new Pin();

        private sealed class Pin : IOutputPin
        {
            public void Write(bool high)
            {
            }
        }
    }

    private sealed class Uptime : ISystemInfo
    {
        private readonly long _started = Environment.TickCount64;

        public long UptimeMs => Environment.TickCount64 - _started;

        public long FreeMemoryBytes => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }
}
