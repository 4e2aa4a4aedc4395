using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSensors.Fleet.Broker;
using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Broker.Consumers;
using EdgeSensors.Fleet.Broker.Tests.Mosquitto;
using EdgeSensors.Fleet.Broker.Tests.Support;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Tests.Infrastructure;
using EdgeSensors.Gateway.Tests.Upstream;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
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
    private readonly List<WebApplicationFactory<Program>> _instances = [];
    private TestDatabase? _database;
    private MosquittoBroker? _mosquitto;
    private string _adminToken = "";
    private Guid _siteId;

    public async Task InitializeAsync()
    {
        if (PostgresServer.ConnectionString is null)
        {
            return;
        }

        string password = DeviceSecret.NewPassword();
        _mosquitto = await DynsecMosquitto.StartAsync(new InternalCredential(new FleetBrokerOptions { InternalPassword = password }));
        _database = await TestDatabase.CreateAsync(DatabaseProvider.PostgreSQL);
        foreach (string name in (string[])["fleet-a", "fleet-b"])
        {
            _instances.Add(ScaleOutInstances.Start(_database, _mosquitto, password, web => web.ConfigureServices(services => services.AddScoped<IDeviceMessageHandler>(_ => new Recorder(name, _consumed)))));
        }

        (_adminToken, _siteId) = await ScaleOutInstances.SeedTenantAsync(_instances[0], "scale-out");
    }

    public async Task DisposeAsync()
    {
        foreach (WebApplicationFactory<Program> instance in _instances)
        {
            await instance.DisposeAsync();
        }

        if (_mosquitto is not null)
        {
            await _mosquitto.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    [SkippableFact]
    public async Task Two_instances_share_the_telemetry_once_and_either_one_controls_Mosquitto()
    {
        PostgresServer.Require();
        using HttpClient viaA = Admin(_instances[0]);
        using HttpClient viaB = Admin(_instances[1]);
        using HttpResponseMessage created = await viaA.PostAsJsonAsync("/api/enrolment-tokens", new { siteId = _siteId });
        string token = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
        using HttpResponseMessage enrolled = await _instances[0].CreateClient().PostAsJsonAsync("/api/enrol", new { token, kind = "gateway", requestedId = "gw-scale-01" });
        Assert.True(enrolled.IsSuccessStatusCode, await enrolled.Content.ReadAsStringAsync());
        JsonElement answer = await enrolled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(_mosquitto!.Port, answer.GetProperty("mqtt").GetProperty("port").GetInt32());
        string password = answer.GetProperty("mqtt").GetProperty("password").GetString()!;

        await using TestClient device = await TestClient.ConnectAsync(_mosquitto.Port, "gw-scale-01", "gw-scale-01", password);
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
        (TestClient? again, MqttClientConnectResultCode code) = await TestClient.TryConnectAsync(_mosquitto.Port, "gw-scale-01", "gw-scale-01", password);
        Assert.Null(again);
        Assert.NotEqual(MqttClientConnectResultCode.Success, code);
    }

    private (string Instance, string Payload)[] Telemetry() =>
        _consumed.Where(c => c.Message.DeviceId == "gw-scale-01" && c.Message.Kind == "telemetry")
            .Select(c => (c.Instance, System.Text.Encoding.UTF8.GetString(c.Message.Payload))).ToArray();

    private HttpClient Admin(WebApplicationFactory<Program> instance)
    {
        HttpClient client = instance.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken);
        return client;
    }

    private sealed class Recorder(string instance, ConcurrentQueue<(string, DeviceMessage)> consumed) : IDeviceMessageHandler
    {
        public Task HandleAsync(DeviceMessage message, CancellationToken ct)
        {
            consumed.Enqueue((instance, message));
            return Task.CompletedTask;
        }
    }
}
