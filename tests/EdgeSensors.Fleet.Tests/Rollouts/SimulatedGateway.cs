using System.Globalization;
using System.Text;
using EdgeSensors.Gateway.Configuration.Remote;
using EdgeSensors.Profiles.Loading;
using EdgeSensors.Profiles.Model;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeSensors.Fleet.Tests.Rollouts;

/// <summary>
/// An enrolled gateway without the Modbus side: a real MQTT 5 client with the device's login that takes its config with
/// the gateway's own <see cref="RemoteConfigReceiver"/> (envelope, signature, revision, loader, atomic write) and
/// publishes the receiver's report on config/reported, as `edgesensors run` does. It also publishes telemetry and a
/// status with alarm_evaluations, so the rollout health checks see it; each can be stopped to make it stale or stuck.
/// </summary>
public sealed class SimulatedGateway : IAsyncDisposable
{
    private static readonly Lazy<IReadOnlyList<DeviceProfile>> Profiles = new(() =>
        ProfileLoader.LoadDirectory(ProfileLoader.FindProfilesDirectoryFrom(AppContext.BaseDirectory)
            ?? throw new InvalidOperationException("hardware/profiles not found above " + AppContext.BaseDirectory)));

    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly RemoteConfigReceiver _receiver;
    private readonly string _prefix;
    private readonly CancellationTokenSource _stop = new();
    private Task? _beat;
    private long _evaluations;

    private SimulatedGateway(string id, string prefix, byte[] key, string directory)
    {
        Id = id;
        _prefix = prefix;
        Directory = directory;
        ConfigPath = Path.Combine(directory, "site.yaml");
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "data"));
        _receiver = new RemoteConfigReceiver(ConfigPath, Path.Combine(directory, "data"), id, key, Profiles.Value);
    }

    public string Id { get; }

    public string Directory { get; }

    /// <summary>The file the receiver writes an applied config to.</summary>
    public string ConfigPath { get; }

    /// <summary>False: no more telemetry (the device goes stale).</summary>
    public bool SendsTelemetry { get; set; } = true;

    /// <summary>False: the status keeps coming with the same alarm_evaluations (the alarm evaluator is stuck).</summary>
    public bool EvaluatesAlarms { get; set; } = true;

    /// <summary>Reports as the receiver made them (JSON).</summary>
    public List<string> Reports { get; } = [];

    /// <summary>Connects as device <paramref name="id"/> and subscribes to its config; <paramref name="key"/> is the key it verifies with (its enrolled key, or a wrong one for a test).</summary>
    public static async Task<SimulatedGateway> StartAsync(string host, int port, string id, string password, byte[] key, string directory, string prefix = "edgesensors",
        TimeSpan? beat = null)
    {
        var gateway = new SimulatedGateway(id, prefix, key, directory);
        gateway._client.ApplicationMessageReceivedAsync += gateway.OnConfigAsync;
        MqttClientConnectResult connected = await gateway._client.ConnectAsync(new MqttClientOptionsBuilder()
            .WithTcpServer(host, port).WithClientId(id).WithCredentials(id, password)
            .WithProtocolVersion(MqttProtocolVersion.V500).WithTimeout(TimeSpan.FromSeconds(20)).Build());
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"{id} was refused by the broker at {host}:{port}: {connected.ResultCode}");
        }

        await gateway._client.SubscribeAsync($"{prefix}/{id}/config", MqttQualityOfServiceLevel.AtLeastOnce);
        gateway._beat = Task.Run(() => gateway.BeatAsync(beat ?? TimeSpan.FromMilliseconds(300)));
        return gateway;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_beat is not null)
        {
            await _beat;
        }

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
        _stop.Dispose();
    }

    private async Task OnConfigAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        RemoteConfigOutcome outcome = _receiver.Receive(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload));
        if (outcome.AlreadyRunning)
        {
            return;
        }

        lock (Reports)
        {
            Reports.Add(Encoding.UTF8.GetString(outcome.Report));
        }

        await _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{_prefix}/{Id}/config/reported").WithPayload(outcome.Report)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build());
    }

    private async Task BeatAsync(TimeSpan period)
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                if (_client.IsConnected)
                {
                    if (SendsTelemetry)
                    {
                        await Publish("telemetry", "{\"schema\":1,\"source\":\"" + Id + "\",\"readings\":[]}", retain: false);
                    }

                    if (EvaluatesAlarms)
                    {
                        _evaluations++;
                    }

                    await Publish("status", "{\"gateway\":\"" + Id + "\",\"state\":\"online\",\"alarm_evaluations\":" + _evaluations.ToString(CultureInfo.InvariantCulture)
                        + ",\"alarm_evaluated_ms\":" + DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) + "}", retain: true);
                }

                await Task.Delay(period, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
                // The broker is going away at the end of a test; the next tick (if any) tries again.
            }
        }
    }

    private Task Publish(string kind, string payload, bool retain) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{_prefix}/{Id}/{kind}").WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build(), _stop.Token);
}
