using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSensors.Fleet.Broker;
using EdgeSensors.Fleet.Broker.Consumers;
using EdgeSensors.Fleet.Broker.Tests.Support;
using EdgeSensors.Fleet.Tests.Infrastructure;
using MQTTnet;

namespace EdgeSensors.Fleet.Tests.Enrolment;

/// <summary>
/// Scale-out in broker mode "external": two fleet server instances on one PostgreSQL database and one Mosquitto with
/// dynamic security. A device enrolled through one instance logs in to Mosquitto; its telemetry is consumed once,
/// split between the instances by the shared subscription; a revocation through the other instance drops it.
/// </summary>
public sealed class ExternalBrokerScaleOutTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);
    private readonly ConcurrentQueue<(string Instance, DeviceMessage Message)> _consumed = new();
    private FleetInstancePair? _pair;

    public async Task InitializeAsync()
    {
        _pair = await FleetInstancePair.StartAsync("scale-out", name => new Recorder(name, _consumed));
    }

    public async Task DisposeAsync()
    {
        if (_pair is not null)
        {
            await _pair.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Two_instances_share_the_telemetry_once_and_either_one_controls_Mosquitto()
    {
        PostgresServer.Require();
        using HttpClient viaA = _pair!.Admin(0);
        using HttpClient viaB = _pair!.Admin(1);
        using HttpResponseMessage created = await viaA.PostAsJsonAsync("/api/enrolment-tokens", new { siteId = _pair!.SiteId });
        string token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using HttpResponseMessage enrolled = await _pair!.Instances[0].CreateClient().PostAsJsonAsync("/api/enrol", new { token, kind = "gateway", requestedId = "gw-scale-01" });
        Assert.True(enrolled.IsSuccessStatusCode, await enrolled.Content.ReadAsStringAsync());
        JsonElement answer = await enrolled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(_pair!.Mosquitto.Port, answer.GetProperty("mqtt").GetProperty("port").GetInt32());
        string password = answer.GetProperty("mqtt").GetProperty("password").GetString()!;

        await using TestClient device = await TestClient.ConnectAsync(_pair!.Mosquitto.Port, "gw-scale-01", "gw-scale-01", password);
        const int Count = 40;
        for (int i = 0; i < Count; i++)
        {
            Assert.True((await device.PublishAsync("edgesensors/gw-scale-01/telemetry", "t" + i)).IsSuccess);
        }

        DateTime deadline = DateTime.UtcNow + Wait;
        while (Telemetry().Length < Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(300); // a second copy would have arrived by now
        (string Instance, string Payload)[] telemetry = Telemetry();
        Assert.Equal(Enumerable.Range(0, Count).Select(i => "t" + i).Order(), telemetry.Select(t => t.Payload).Order());
        Assert.Contains(telemetry, t => t.Instance == "fleet-a");
        Assert.Contains(telemetry, t => t.Instance == "fleet-b");

        Task dropped = device.WaitDisconnectedAsync(Wait);
        using HttpResponseMessage revoked = await viaB.PostAsync($"/api/devices/{answer.GetProperty("registryId").GetGuid()}/credentials/revoke", null);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await dropped;
        (TestClient? again, MqttClientConnectResultCode code) = await TestClient.TryConnectAsync(_pair!.Mosquitto.Port, "gw-scale-01", "gw-scale-01", password);
        Assert.Null(again);
        Assert.NotEqual(MqttClientConnectResultCode.Success, code);
    }

    private (string Instance, string Payload)[] Telemetry() =>
        _consumed.Where(c => c.Message.DeviceId == "gw-scale-01" && c.Message.Kind == "telemetry")
            .Select(c => (c.Instance, System.Text.Encoding.UTF8.GetString(c.Message.Payload))).ToArray();

    private sealed class Recorder(string instance, ConcurrentQueue<(string, DeviceMessage)> consumed) : IDeviceMessageHandler
    {
        public Task HandleAsync(DeviceMessage message, CancellationToken ct)
        {
            consumed.Enqueue((instance, message));
            return Task.CompletedTask;
        }
    }
}
