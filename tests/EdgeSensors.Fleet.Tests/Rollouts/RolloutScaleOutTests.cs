using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSensors.Fleet.Broker;
using EdgeSensors.Fleet.Broker.Access;
using EdgeSensors.Fleet.Broker.Tests.Mosquitto;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Rollouts.Hosting;
using EdgeSensors.Fleet.Tests.Infrastructure;
using EdgeSensors.Gateway.Tests.Upstream;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSensors.Fleet.Tests.Rollouts;

/// <summary>
/// Two fleet server instances on one PostgreSQL database and one Mosquitto (dynamic security): exactly one of them
/// holds the engine lock and runs the rollout engine; a rollout created through the other completes, delivered through
/// Mosquitto to simulated gateways; when the engine's instance stops, the other takes the lock over.
/// </summary>
public sealed class RolloutScaleOutTests : IAsyncLifetime
{
    private readonly List<WebApplicationFactory<Program>> _instances = [];
    private readonly List<SimulatedGateway> _gateways = [];
    private readonly string _directory = Directory.CreateTempSubdirectory("edgesensors-rollout-scale-").FullName;
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
        for (int i = 0; i < 2; i++)
        {
            _instances.Add(ScaleOutInstances.Start(_database, _mosquitto, password, web => web.UseSetting("Fleet:Rollouts:StepIntervalMs", "200")));
        }

        (_adminToken, _siteId) = await ScaleOutInstances.SeedTenantAsync(_instances[0], "rollout-scale-out");
    }

    public async Task DisposeAsync()
    {
        foreach (SimulatedGateway gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

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

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    [SkippableFact]
    public async Task Exactly_one_instance_runs_the_engine_a_rollout_completes_through_Mosquitto_and_the_other_takes_over()
    {
        PostgresServer.Require();
        using HttpClient viaA = Admin(_instances[0]);
        using HttpClient viaB = Admin(_instances[1]);
        JsonElement tokenAnswer = await viaA.PostOkAsync("/api/enrolment-tokens", new { siteId = _siteId, maxUses = 3 });
        string token = tokenAnswer.GetProperty("token").GetString()!;
        foreach (string id in (string[])["so-1", "so-2", "so-3"])
        {
            using HttpResponseMessage enrolled = await _instances[1].CreateClient().PostAsJsonAsync("/api/enrol", new { token, kind = "gateway", requestedId = id });
            Assert.True(enrolled.StatusCode == HttpStatusCode.OK, await enrolled.Content.ReadAsStringAsync());
            JsonElement answer = await enrolled.Content.ReadFromJsonAsync<JsonElement>();
            byte[] key = Convert.FromBase64String(answer.GetProperty("configKey").GetString()!);
            string directory = Path.Combine(_directory, id);
            Directory.CreateDirectory(Path.Combine(directory, "data"));
            await File.WriteAllTextAsync(Path.Combine(directory, "data", "config.key"), Convert.ToHexStringLower(key));
            _gateways.Add(await SimulatedGateway.StartAsync("127.0.0.1", _mosquitto!.Port, id, answer.GetProperty("mqtt").GetProperty("password").GetString()!, key, directory));
        }

        RolloutEngineService[] engines = [.. _instances.Select(i => i.Services.GetRequiredService<RolloutEngineService>())];
        await WaitAsync(() => engines.Count(e => e.IsLeader) == 1, "one instance to take the engine lock");

        JsonElement created = await viaB.PostOkAsync("/api/rollouts", new
        {
            name = "scale-out",
            message = "rollout across two instances",
            body = RolloutFleet.Body("0.75"),
            siteId = _siteId,
            canaryPercent = 34,
            waves = new[] { 100 },
            soakSeconds = 0,
            staleFactor = 60,
            heartbeatTimeoutSeconds = 120,
        });
        Guid rolloutId = created.GetProperty("rollout").GetProperty("id").GetGuid();
        JsonElement done = default;
        await WaitAsync(async () =>
        {
            Assert.True(engines.Count(e => e.IsLeader) <= 1, "two instances ran the engine at once");
            done = await viaA.GetOkAsync($"/api/rollouts/{rolloutId}");
            return done.GetProperty("rollout").GetProperty("status").GetString() != "running";
        }, "the rollout to finish");

        Assert.Equal("completed", done.GetProperty("rollout").GetProperty("status").GetString());
        Assert.Equal(3, done.GetProperty("devices").GetArrayLength());
        Assert.All(done.GetProperty("devices").EnumerateArray(), d => Assert.Equal("in_sync", d.GetProperty("drift").GetString()));
        foreach (SimulatedGateway gateway in _gateways)
        {
            Assert.Contains("absolute: 0.75", await File.ReadAllTextAsync(gateway.ConfigPath), StringComparison.Ordinal);
        }

        int leader = Array.FindIndex(engines, e => e.IsLeader);
        Assert.True(leader >= 0, "no instance runs the engine");
        RolloutEngineService other = engines[1 - leader];
        Assert.Equal(0, other.Steps);
        await _instances[leader].DisposeAsync();
        _instances.RemoveAt(leader);
        await WaitAsync(() => other.IsLeader, "the remaining instance to take the engine lock over");
    }

    private static async Task WaitAsync(Func<bool> condition, string what) => await WaitAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitAsync(Func<Task<bool>> condition, string what)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(240);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"waited 240 s for {what}");
            }

            await Task.Delay(100);
        }
    }

    private HttpClient Admin(WebApplicationFactory<Program> instance)
    {
        HttpClient client = instance.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _adminToken);
        return client;
    }
}
