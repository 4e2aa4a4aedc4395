using System.Text;
using System.Text.Json;
using EdgeSensors.Config.Envelope;
using EdgeSensors.Gateway.Tests.Configuration;
using EdgeSensors.Gateway.Tests.Support;
using EdgeSensors.Gateway.Tests.Upstream;
using EdgeSensors.Gateway.Upstream;
using EdgeSensors.Simulator;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeSensors.Gateway.Tests.Cli;

/// <summary>
/// `edgesensors run` taking its config from the fleet server over the embedded broker: a sealed config is verified,
/// written and hot-reloaded and reported applied; a tampered one is reported rejected and the running config stays.
/// </summary>
public sealed class RunRemoteConfigTests : IAsyncLifetime
{
    private static readonly byte[] Key = [.. Enumerable.Range(0, 32).Select(i => (byte)(255 - i))];
    private readonly string _directory = Directory.CreateTempSubdirectory("edgesensors-run-remote-").FullName;
    private SimulatorHost _simulator = null!;
    private EmbeddedBroker _broker = null!;

    public async Task InitializeAsync()
    {
        _simulator = await TestSimulator.StartAsync();
        _broker = await EmbeddedBroker.StartAsync(port: 0);
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _simulator.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_sealed_config_is_applied_by_hot_reload_and_a_tampered_one_is_rejected_while_the_old_one_runs()
    {
        string config = Path.Combine(_directory, "site.yaml");
        string data = Path.Combine(_directory, "data");
        string original = RemoteConfigReceiverTests.WithKeyFile(TestSimulator.ExampleConfigText(_simulator));
        await File.WriteAllTextAsync(config, original);
        await File.WriteAllTextAsync(Path.Combine(_directory, "config.key"), Convert.ToHexStringLower(Key));
        await using var backend = await TestSubscriber.ConnectAsync(_broker.Port, "edgesensors/tank-farm-sim/config/reported");
        using IMqttClient server = await ConnectServerAsync();

        Task<CliRun> run = CliRun.RunAsync("run", "--config", config, "--data-dir", data, "--broker", _broker.Uri.ToString(), "--seconds", "14");
        string changed = original.Replace("deadband: { absolute: 0.01 }", "deadband: { absolute: 0.02 }", StringComparison.Ordinal);
        await PublishRetainedAsync(server, ConfigEnvelope.Seal(1, Encoding.UTF8.GetBytes(changed), Key));
        var applied = await backend.WaitForAsync(m => m.Payload.Contains("\"status\":\"applied\"", StringComparison.Ordinal), seconds: 15);
        await Task.Delay(TimeSpan.FromSeconds(3)); // the watcher checks the file every second
        byte[] tampered = ConfigEnvelope.Seal(2, Encoding.UTF8.GetBytes(changed.Replace("unit_id: 6", "unit_id: 7", StringComparison.Ordinal)), Key);
        tampered[^3] ^= 0x01;
        await PublishRetainedAsync(server, tampered);
        var rejected = await backend.WaitForAsync(m => m.Payload.Contains("\"status\":\"rejected\"", StringComparison.Ordinal), seconds: 15);
        CliRun result = await run;

        Assert.True(result.ExitCode == 0, result.ToString());
        using (JsonDocument report = JsonDocument.Parse(applied.Payload))
        {
            Assert.Equal(1, report.RootElement.GetProperty("revision").GetInt32());
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(changed))), report.RootElement.GetProperty("sha256").GetString());
        }

        using (JsonDocument report = JsonDocument.Parse(rejected.Payload))
        {
            Assert.StartsWith("CRC mismatch", report.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(1, Count(result.Out, "config reloaded"));
        Assert.Equal(changed, await File.ReadAllTextAsync(config));

        // The alarm-evaluator heartbeat the rollout engine watches: evaluations counted, the last one timed.
        using JsonDocument status = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(data, "status.json")));
        Assert.True(status.RootElement.GetProperty("alarm_evaluations").GetInt64() > 0);
        Assert.True(status.RootElement.GetProperty("alarm_evaluated_ms").GetInt64() > DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds());
    }

    private async Task<IMqttClient> ConnectServerAsync()
    {
        IMqttClient client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _broker.Port).WithClientId("test-fleet-server").Build());
        return client;
    }

    private static Task PublishRetainedAsync(IMqttClient client, byte[] document) =>
        client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic("edgesensors/tank-farm-sim/config")
            .WithPayload(document)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(true)
            .Build());

    private static int Count(string text, string word) => text.Split(word).Length - 1;
}
