using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSensors.Fleet.Broker.Embedded;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSensors.Fleet.Tests.Rollouts;

/// <summary>
/// The fleet server with its embedded broker on a free port and the rollout engine stepping every 200 ms, plus helpers
/// to enrol devices through the API and run them as <see cref="SimulatedGateway"/>s.
/// </summary>
public abstract class RolloutFleet(DatabaseProvider provider) : FleetFixture(provider), IAsyncLifetime
{
    private readonly string _directory = System.IO.Directory.CreateTempSubdirectory("edgesensors-rollouts-").FullName;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Fleet:Rollouts:StepIntervalMs"] = "200",
    };

    public int BrokerPort => Factory.Services.GetRequiredService<EmbeddedFleetBroker>().Port;

    public HttpClient Admin() => Client(Alpha, FleetRole.Admin);

    public HttpClient Engineer() => Client(Alpha, FleetRole.Engineer);

    public async Task<Guid> NewSiteAsync(string name)
    {
        using HttpClient admin = Admin();
        return (await admin.PostOkAsync("/api/sites", new { name })).Id();
    }

    /// <summary>Enrols <paramref name="id"/> in the site through POST /api/enrol and returns what the device was given.</summary>
    public async Task<EnrolledDevice> EnrolAsync(Guid siteId, string id, IReadOnlyDictionary<string, string>? labels = null, string kind = "gateway")
    {
        using HttpClient admin = Admin();
        string token = (await admin.PostOkAsync("/api/enrolment-tokens", new { siteId })).GetProperty("token").GetString()!;
        using HttpClient anonymous = CreateClient();
        using HttpResponseMessage response = await anonymous.PostAsJsonAsync("/api/enrol", new { token, kind, requestedId = id });
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"enrol {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        JsonElement answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        var device = new EnrolledDevice(id, answer.GetProperty("registryId").GetGuid(), answer.GetProperty("mqtt").GetProperty("password").GetString()!,
            Convert.FromBase64String(answer.GetProperty("configKey").GetString()!));
        if (labels is not null)
        {
            JsonElement current = await admin.GetOkAsync($"/api/devices/{device.RegistryId}");
            using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/devices/{device.RegistryId}")
            {
                Content = JsonContent.Create(new { name = current.GetProperty("name").GetString(), siteId, kind, labels }),
            };
            put.Headers.TryAddWithoutValidation("If-Match", $"\"{current.GetProperty("version").GetRawText()}\"");
            using HttpResponseMessage changed = await admin.SendAsync(put);
            Assert.True(changed.StatusCode == HttpStatusCode.OK, $"label {id}: {(int)changed.StatusCode} {await changed.Content.ReadAsStringAsync()}");
        }

        return device;
    }

    /// <summary>Runs an enrolled device as a simulated gateway (with DATA_DIR/config.key, as after `edgesensors enroll`); <paramref name="key"/> overrides its key.</summary>
    public async Task<SimulatedGateway> RunAsync(EnrolledDevice device, byte[]? key = null)
    {
        string directory = Path.Combine(_directory, device.Id);
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "data"));
        await File.WriteAllTextAsync(Path.Combine(directory, "data", "config.key"), Convert.ToHexStringLower(device.ConfigKey));
        return await SimulatedGateway.StartAsync("127.0.0.1", BrokerPort, device.Id, device.Password, key ?? device.ConfigKey, directory);
    }

    /// <summary>Runs an enrolled node as a <see cref="SimulatedNode"/> (the portable node core on the server's broker).</summary>
    public Task<SimulatedNode> RunNodeAsync(EnrolledDevice device) =>
        SimulatedNode.StartAsync("127.0.0.1", BrokerPort, device.Id, device.Password, device.ConfigKey);

    /// <summary>Polls GET /api/rollouts/{id} until <paramref name="done"/> holds; fails with the last answer after <paramref name="seconds"/>.</summary>
    public async Task<JsonElement> WaitRolloutAsync(Guid rolloutId, Func<JsonElement, bool> done, int seconds = 240)
    {
        using HttpClient viewer = Client(Alpha, FleetRole.Viewer);
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await viewer.GetOkAsync($"/api/rollouts/{rolloutId}");
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"rollout {rolloutId} did not reach the expected state within {seconds} s; last: {last}");
    }

    /// <summary>Polls the drift view until <paramref name="done"/> holds for the device.</summary>
    public async Task<JsonElement> WaitDriftAsync(Guid deviceId, Func<JsonElement, bool> done, int seconds = 180)
    {
        using HttpClient viewer = Client(Alpha, FleetRole.Viewer);
        DateTime deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = (await viewer.GetOkAsync("/api/configs/drift")).GetProperty("devices").EnumerateArray().FirstOrDefault(d => d.GetProperty("deviceId").GetGuid() == deviceId);
            if (last.ValueKind == JsonValueKind.Object && done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"device {deviceId} did not reach the expected drift state within {seconds} s; last: {last}");
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    /// <summary>The tank farm example with a 1 s tag heartbeat (so the rollout's declared interval is 1 s) and the LEL detector's deadband set to <paramref name="deadband"/> %LEL.</summary>
    public static string Body(string deadband = "0.5") => ExampleConfig.Text
        .Replace("heartbeat_s: 30", "heartbeat_s: 1", StringComparison.Ordinal)
        .Replace("deadband: { absolute: 0.5 }\n        heartbeat_s: 1", $"deadband: {{ absolute: {deadband} }}\n        heartbeat_s: 1", StringComparison.Ordinal);
}

/// <summary>What enrolment gave a device.</summary>
public sealed record EnrolledDevice(string Id, Guid RegistryId, string Password, byte[] ConfigKey);

public sealed class SqliteRolloutFleet() : RolloutFleet(DatabaseProvider.Sqlite);

public sealed class PostgresRolloutFleet() : RolloutFleet(DatabaseProvider.PostgreSQL);

/// <summary>gateway/examples/tank-farm.yaml, read once.</summary>
public static class ExampleConfig
{
    public static string Text { get; } = File.ReadAllText(Find()).Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Find()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "gateway", "examples", "tank-farm.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("gateway/examples/tank-farm.yaml not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The example with gateway.id set to <paramref name="id"/>.</summary>
    public static string For(string id, string body) => body.Replace("id: tank-farm-sim", "id: " + id, StringComparison.Ordinal);
}
