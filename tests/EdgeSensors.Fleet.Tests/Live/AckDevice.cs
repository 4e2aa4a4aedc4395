using System.Collections.Concurrent;
using System.Text;
using EdgeSensors.Alarms;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeSensors.Fleet.Tests.Live;

/// <summary>
/// A device as the fleet server sees it, on a real MQTTnet 5 connection with the device's own enrolled login: it
/// subscribes to its commands, records every command exactly as delivered (topic, payload bytes, QoS, retain) and
/// publishes readings and alarm events encoded by the shared contract.
/// </summary>
internal sealed class AckDevice : IAsyncDisposable
{
    private readonly IMqttClient _client;
    private readonly string _prefix;

    private AckDevice(IMqttClient client, string id, string prefix)
    {
        _client = client;
        Id = id;
        _prefix = prefix;
        _client.ApplicationMessageReceivedAsync += e =>
        {
            Commands.Enqueue(new ReceivedCommand(e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload),
                e.ApplicationMessage.QualityOfServiceLevel, e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
    }

    public string Id { get; }

    public ConcurrentQueue<ReceivedCommand> Commands { get; } = new();

    public string AckTopic => $"{_prefix}/{Id}/commands/ack";

    /// <summary>Connects with the enrolled login and subscribes to {prefix}/{id}/commands/# at QoS 1.</summary>
    public static async Task<AckDevice> ConnectAsync(int port, string id, string username, string password, string prefix = "edgesensors")
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        MqttClientConnectResult connected = await client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(id)
            .WithCredentials(username, password)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithTimeout(TimeSpan.FromSeconds(30))
            .Build());
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        var device = new AckDevice(client, id, prefix);
        MqttClientSubscribeResult subscribed = await client.SubscribeAsync($"{prefix}/{id}/commands/#", MqttQualityOfServiceLevel.AtLeastOnce);
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, subscribed.Items.Single().ResultCode);
        return device;
    }

    /// <summary>Waits for the <paramref name="count"/>-th command (1-based) and returns it.</summary>
    public async Task<ReceivedCommand> WaitForCommandAsync(int count, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Commands.Count >= count)
            {
                return Commands.ElementAt(count - 1);
            }

            await Task.Delay(20);
        }

        throw new TimeoutException($"{Id}: command {count} did not arrive within {timeout.TotalSeconds} s; got {Commands.Count}");
    }

    public async Task PublishAlarmAsync(string tag, AlarmKind kind, AlarmEventType state, double value, double limit, string unit, ulong seq, bool latched = true,
        long timeMs = 1767225600000)
    {
        var alarm = new AlarmMessage { Source = Id, Tag = tag, Kind = kind, State = state, Value = value, Limit = limit, Unit = unit, TimeMs = timeMs + (long)seq, Seq = seq, Latched = latched };
        var buffer = new byte[TelemetryEncoder.MaxAlarmBytes];
        Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeAlarm(alarm, buffer, 0, out int length));
        await PublishAsync("alarms", buffer[..length]);
    }

    public async Task PublishReadingAsync(string tag, double value, string unit, ulong seq, long timeMs = 1767225600000)
    {
        var batch = new TelemetryBatch(1) { Source = Id };
        Assert.True(batch.TryAdd(tag, value, unit, SignalQuality.Good, timeMs + (long)seq, seq));
        var buffer = new byte[TelemetryEncoder.MaxBatchBytes(1)];
        Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeBatch(batch, buffer, 0, out int length));
        await PublishAsync("telemetry", buffer[..length]);
    }

    /// <summary>One telemetry batch of readings of <paramref name="tag"/> with these seqs (ascending, as the contract asks).</summary>
    public async Task PublishReadingsAsync(string tag, params ulong[] seqs)
    {
        var batch = new TelemetryBatch(seqs.Length) { Source = Id };
        foreach (ulong seq in seqs)
        {
            Assert.True(batch.TryAdd(tag, seq, "m", SignalQuality.Good, 1767225600000 + (long)seq, seq));
        }

        var buffer = new byte[TelemetryEncoder.MaxBatchBytes(seqs.Length)];
        Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeBatch(batch, buffer, 0, out int length));
        await PublishAsync("telemetry", buffer[..length]);
    }

    private async Task PublishAsync(string level, byte[] payload)
    {
        MqttClientPublishResult result = await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{_prefix}/{Id}/{level}").WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.True(result.IsSuccess, $"{Id} publishing {level}: {result.ReasonCode} {result.ReasonString}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync();
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // The broker went first.
            }
        }

        _client.Dispose();
    }
}

/// <summary>A command as the device received it.</summary>
internal sealed record ReceivedCommand(string Topic, byte[] Payload, MqttQualityOfServiceLevel Qos, bool Retain)
{
    public string Text => Encoding.UTF8.GetString(Payload);
}
