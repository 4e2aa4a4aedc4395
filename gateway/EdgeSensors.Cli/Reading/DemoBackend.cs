using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeSensors.Cli.Reading;

/// <summary>
/// The demo's stand-in for the monitoring backend: subscribes to the gateway's telemetry and alarms on the embedded
/// broker and decodes every message with the shared contract decoder, counting readings, alarms and seq gaps.
/// </summary>
public sealed class DemoBackend : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly TelemetryDecoder _decoder = new();
    private readonly TelemetryBatch _batch = new(500);
    private readonly AlarmMessage _alarm = new();
    private readonly object _gate = new();
    private readonly SortedSet<ulong> _seen = [];

    public long Readings { get; private set; }

    public long Alarms { get; private set; }

    public long Undecodable { get; private set; }

    public string? LastAlarm { get; private set; }

    /// <summary>Seqs missing between the lowest and highest received (readings and alarms share one sequence).</summary>
    public long Gaps
    {
        get
        {
            lock (_gate)
            {
                return _seen.Count == 0 ? 0 : (long)(_seen.Max - _seen.Min + 1) - _seen.Count;
            }
        }
    }

    public static async Task<DemoBackend> ConnectAsync(int port, string prefix, CancellationToken ct)
    {
        var backend = new DemoBackend();
        backend._client.ApplicationMessageReceivedAsync += e =>
        {
            backend.Receive(e.ApplicationMessage.Topic, System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
        await backend._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId("demo-backend").Build(), ct);
        await backend._client.SubscribeAsync(prefix + "/+/telemetry", MqttQualityOfServiceLevel.AtLeastOnce, ct);
        await backend._client.SubscribeAsync(prefix + "/+/alarms", MqttQualityOfServiceLevel.AtLeastOnce, ct);
        return backend;
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    private void Receive(string topic, byte[] payload)
    {
        lock (_gate)
        {
            if (topic.EndsWith("/telemetry", StringComparison.Ordinal) && _decoder.DecodeBatch(payload, 0, payload.Length, _batch) == TelemetryDecodeStatus.Ok)
            {
                for (int i = 0; i < _batch.Count; i++)
                {
                    _seen.Add(_batch[i].Seq);
                }

                Readings += _batch.Count;
            }
            else if (topic.EndsWith("/alarms", StringComparison.Ordinal) && _decoder.DecodeAlarm(payload, 0, payload.Length, _alarm) == TelemetryDecodeStatus.Ok)
            {
                _seen.Add(_alarm.Seq);
                Alarms++;
                LastAlarm = $"{_alarm.Tag} {EdgeSensors.Alarms.AlarmText.Name(_alarm.Kind)} {EdgeSensors.Alarms.AlarmText.Name(_alarm.State)}";
            }
            else
            {
                Undecodable++;
            }
        }
    }
}
