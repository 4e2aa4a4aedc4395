using System.Text.Json;
using EdgeSensors.Gateway.Runtime;
using EdgeSensors.Gateway.Tests.Cli;
using EdgeSensors.Gateway.Tests.Support;
using EdgeSensors.Simulator;
using MQTTnet.Protocol;

namespace EdgeSensors.Gateway.Tests.Upstream;

/// <summary>
/// A broker that answers PUBACK with an error reason code (MQTT 5; here "not authorized", as an ACL mistake would):
/// nothing is dropped, the entries stay queued and are counted as failed publishes, the status names the refusal,
/// and once the broker accepts again the backlog drains with nothing lost.
/// </summary>
public sealed class RefusedPublishTests : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("edgesensors-refused-").FullName;
    private SimulatorHost _simulator = null!;
    private InterceptingBroker _broker = null!;
    private volatile bool _refuseTelemetry = true;

    public async Task InitializeAsync()
    {
        _simulator = await TestSimulator.StartAsync();
        _broker = await InterceptingBroker.StartAsync(e =>
        {
            if (_refuseTelemetry && e.ApplicationMessage.Topic.EndsWith("/telemetry", StringComparison.Ordinal))
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            }

            return Task.CompletedTask;
        });
    }

    public async Task DisposeAsync()
    {
        await _broker.DisposeAsync();
        await _simulator.DisposeAsync();
        Directory.Delete(_data, recursive: true);
    }

    [Fact]
    public async Task Refused_readings_stay_queued_the_status_names_the_refusal_and_they_drain_once_accepted()
    {
        await using GatewayRuntime runtime = GatewayRuntime.Start(TestSimulator.ExampleConfig(_simulator), _data, _broker.Uri);

        await Eventually.WaitUntilAsync(() => runtime.Forwarder is { FailedPublishes: > 1 } && runtime.Queue.GetStats().Depth > 0, 30);
        using (JsonDocument status = JsonDocument.Parse(GatewayStatus.Online(runtime)))
        {
            JsonElement root = status.RootElement;
            string error = root.GetProperty("broker_last_error").GetString()!;
            Assert.Contains("refused publish to edgesensors/", error, StringComparison.Ordinal);
            Assert.Contains("NotAuthorized", error, StringComparison.Ordinal);
            Assert.True(root.GetProperty("broker_connected").GetBoolean());
            Assert.True(root.GetProperty("failed_publishes").GetInt64() > 1);
            Assert.Equal(0, runtime.Forwarder!.PublishedReadings);
        }

        // The technician sees it too: `edgesensors status` prints the broker line with the refusal.
        string statusDir = Directory.CreateTempSubdirectory("edgesensors-refused-status-").FullName;
        await File.WriteAllBytesAsync(Path.Combine(statusDir, "status.json"), GatewayStatus.Online(runtime));
        CliRun cli = await CliRun.RunAsync("status", "--data-dir", statusDir);
        Directory.Delete(statusDir, recursive: true);
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Contains("broker: connected", cli.Out, StringComparison.Ordinal);
        Assert.Contains("failed publishes, last error: broker refused publish to edgesensors/", cli.Out, StringComparison.Ordinal);

        long queuedWhileRefused = runtime.ReadingsQueued;
        _refuseTelemetry = false;
        await Eventually.WaitUntilAsync(() => runtime.Forwarder!.PublishedReadings >= queuedWhileRefused, 60);

        Assert.Equal(0, runtime.Queue.GetStats().Drops.Total());
        using JsonDocument after = JsonDocument.Parse(GatewayStatus.Online(runtime));
        Assert.False(after.RootElement.TryGetProperty("broker_last_error", out _), "an accepted publish clears the old refusal");
    }
}
