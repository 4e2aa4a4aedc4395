using EdgeSensors.Config.Envelope;
using EdgeSensors.Config.Wire;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeSensors.RolloutBenchmark;

/// <summary>
/// One simulated device: its own MQTT 5 connection with its enrolled login, subscribed to its config topic. A config
/// it receives is opened with its config key (CRC, HMAC-SHA256 signature, revision newer than the applied one) and
/// answered with the report JSON, retained and QoS 1, as the gateway and the node do.
/// </summary>
internal sealed class BenchDevice(string id, string password, byte[] key, string prefix, BenchClock clock)
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly ConfigReportEncoder _encoder = new();
    private readonly byte[] _report = new byte[ConfigReportEncoder.MaxBytes];
    private int _applied;
    private string? _appliedSha;

    public string Id { get; } = id;

    /// <summary>When this device applied a config, by the benchmark's clock (0: not yet).</summary>
    public double AppliedAtMs { get; private set; }

    /// <summary>Why the last report could not be published (the broker refused it or the connection failed), or null.</summary>
    public string? ReportFailed { get; private set; }

    /// <summary>Why the last config was refused, or null.</summary>
    public string? Rejected { get; private set; }

    public async Task ConnectAsync(string host, int port, CancellationToken ct)
    {
        _client.ApplicationMessageReceivedAsync += OnConfigAsync;
        MqttClientConnectResult result = await _client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(host, port).WithClientId(Id).WithCredentials(Id, password)
            .WithProtocolVersion(MqttProtocolVersion.V500).WithKeepAlivePeriod(TimeSpan.FromMinutes(5)).WithTimeout(TimeSpan.FromSeconds(60)).Build(), ct);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"{Id}: the broker at {host}:{port} refused the login: {result.ResultCode}");
        }

        await _client.SubscribeAsync($"{prefix}/{Id}/config", MqttQualityOfServiceLevel.AtLeastOnce, ct);
    }

    public async Task DisconnectAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync();
        }

        _client.Dispose();
    }

    private async Task OnConfigAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        byte[] document = System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload);
        ConfigEnvelopeResult opened = ConfigEnvelope.Open(document, document.Length, key, _applied);
        if (!opened.Ok && opened.RejectReason == ConfigRejectReason.RevisionNotNewer && opened.Revision == _applied && opened.BodySha256Hex == _appliedSha)
        {
            // A redelivery of what it runs (a reconnect, or the server sending again): keep running, no report (docs/config-delivery.md).
            return;
        }

        int length = _encoder.Encode(opened.Revision, opened.BodySha256Hex ?? string.Empty, opened.Ok, opened.Ok ? string.Empty : opened.RejectText, _report, 0);
        if (opened.Ok)
        {
            _applied = opened.Revision;
            _appliedSha = opened.BodySha256Hex;
            AppliedAtMs = clock.ElapsedMs;
        }
        else
        {
            Rejected = opened.RejectText;
        }

        try
        {
            MqttClientPublishResult sent = await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{prefix}/{Id}/config/reported").WithPayload(_report.AsMemory(0, length).ToArray())
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build());
            if (!sent.IsSuccess)
            {
                ReportFailed = $"{sent.ReasonCode} {sent.ReasonString}";
            }
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException)
        {
            ReportFailed = ex.Message;
        }
    }
}

/// <summary>The benchmark's clock, shared by its processes on one machine: Unix time in milliseconds.</summary>
internal sealed class BenchClock
{
    public double ElapsedMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
}
