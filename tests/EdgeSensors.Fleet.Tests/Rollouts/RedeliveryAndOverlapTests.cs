using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using EdgeSensors.Config.Envelope;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Rollouts.Hosting;
using EdgeSensors.Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeSensors.Fleet.Tests.Rollouts;

/// <summary>
/// A desired config nobody acknowledged is sent again, unchanged; two rollouts that come to target the same device (by
/// a label added after both started) do not both take it: the one that holds it keeps it until it finishes.
/// </summary>
public abstract class RedeliveryAndOverlapTests(RedeliveryFleet fleet)
{
    private const string Prefix = "edgesensors";

    [SkippableFact]
    public async Task A_directly_submitted_revision_the_device_never_acknowledged_is_sent_again_unchanged()
    {
        Guid site = await fleet.NewSiteAsync("redelivery");
        EnrolledDevice device = await fleet.EnrolAsync(site, "rd-1");
        var received = new ConcurrentQueue<byte[]>();
        using IMqttClient client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += e =>
        {
            received.Enqueue(System.Buffers.BuffersExtensions.ToArray(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", fleet.BrokerPort).WithClientId("rd-1")
            .WithCredentials("rd-1", device.Password).WithProtocolVersion(MqttProtocolVersion.V500).Build());
        await client.SubscribeAsync($"{Prefix}/rd-1/config", MqttQualityOfServiceLevel.AtLeastOnce);

        string body = ExampleConfig.For("rd-1", RolloutFleet.Body());
        using HttpClient engineer = fleet.Engineer();
        await engineer.PostOkAsync($"/api/devices/{device.RegistryId}/config/revisions", new { parent = 0, message = "first config", body, alarmImpacting = false });

        // The device says nothing: after RepublishAfterSeconds (2 s here) the engine sends the same envelope again.
        DateTime deadline = DateTime.UtcNow.AddSeconds(90);
        while (received.Count < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the config was not sent again within 90 s; received {received.Count}");
            await Task.Delay(100);
        }

        byte[][] copies = [.. received];
        Assert.Equal(copies[0], copies[1]);
        ConfigEnvelopeResult opened = ConfigEnvelope.Open(copies[1], copies[1].Length, device.ConfigKey, 0);
        Assert.True(opened.Ok, opened.RejectText);
        Assert.Equal(1, opened.Revision);
        Assert.Equal(body, Encoding.UTF8.GetString(copies[1], copies[1].Length - Encoding.UTF8.GetByteCount(body), Encoding.UTF8.GetByteCount(body)));

        // Once the device reports it, the drift view shows it in sync.
        string report = $$"""{"revision":1,"sha256":"{{opened.BodySha256Hex}}","status":"applied","reason":""}""";
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"{Prefix}/rd-1/config/reported").WithPayload(report)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(true).Build());
        await fleet.WaitDriftAsync(device.RegistryId, d => d.GetProperty("state").GetString() == "in_sync");
        await client.DisconnectAsync();
    }

    [SkippableFact]
    public async Task A_device_that_comes_to_match_two_running_rollouts_stays_with_the_one_that_took_it_until_that_one_finishes()
    {
        Guid site = await fleet.NewSiteAsync("overlap-labels");
        EnrolledDevice a = await fleet.EnrolAsync(site, "ol-a", new Dictionary<string, string> { ["group"] = "a" });
        EnrolledDevice b = await fleet.EnrolAsync(site, "ol-b", new Dictionary<string, string> { ["group"] = "b" });
        using HttpClient engineer = fleet.Engineer();

        // Neither device is online, so neither rollout gets past its first devices: both stay running.
        // Rollout A's canary is 99 %: it wants every device matching group=a at once.
        Guid first = (await engineer.PostOkAsync("/api/rollouts", new { name = "A", message = "group a", body = RolloutFleet.Body("0.6"), labels = "group=a", canaryPercent = 99, waves = new[] { 100 }, soakSeconds = 0 }))
            .GetProperty("rollout").GetProperty("id").GetGuid();
        Guid second = (await engineer.PostOkAsync("/api/rollouts", new { name = "B", message = "group b", body = RolloutFleet.Body("0.65"), labels = "group=b", canaryPercent = 99, waves = new[] { 100 }, soakSeconds = 0 }))
            .GetProperty("rollout").GetProperty("id").GetGuid();
        await fleet.WaitRolloutAsync(first, r => Names(r).SequenceEqual(["ol-a"]));
        await fleet.WaitRolloutAsync(second, r => Names(r).SequenceEqual(["ol-b"]));

        // ol-b now matches A too. B holds it: A must not take it in, however many steps the engine runs.
        await fleet.SetLabelsAsync(b.RegistryId, site, new Dictionary<string, string> { ["group"] = "a" });
        RolloutEngineService engine = fleet.Factory.Services.GetRequiredService<RolloutEngineService>();
        long steps = engine.Steps;
        DateTime deadline = DateTime.UtcNow.AddSeconds(120);
        while (engine.Steps < steps + 10)
        {
            Assert.True(DateTime.UtcNow < deadline, "the rollout engine did not step 10 times within 120 s");
            await Task.Delay(100);
        }

        using HttpClient viewer = fleet.Client(fleet.Alpha, global::EdgeSensors.Fleet.Identity.FleetRole.Viewer);
        Assert.Equal(["ol-a"], Names(await viewer.GetOkAsync($"/api/rollouts/{first}")));
        Assert.Equal(["ol-b"], Names(await viewer.GetOkAsync($"/api/rollouts/{second}")));

        // When B is rolled back (finished), A takes ol-b in.
        await engineer.SendOkAsync(HttpMethod.Post, $"/api/rollouts/{second}/rollback", null, System.Net.HttpStatusCode.OK);
        await fleet.WaitRolloutAsync(first, r => Names(r).SequenceEqual(["ol-a", "ol-b"]));
        Assert.Equal(a.RegistryId, (await viewer.GetOkAsync($"/api/rollouts/{first}")).GetProperty("devices").EnumerateArray()
            .Single(d => d.GetProperty("name").GetString() == "ol-a").GetProperty("deviceId").GetGuid());
        await engineer.SendOkAsync(HttpMethod.Post, $"/api/rollouts/{first}/rollback", null, System.Net.HttpStatusCode.OK);
    }

    private static string[] Names(JsonElement rollout) =>
        [.. rollout.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("name").GetString()!).Order(StringComparer.Ordinal)];
}

/// <summary><see cref="RolloutFleet"/> with unacknowledged configs sent again after 2 s.</summary>
public abstract class RedeliveryFleet(DatabaseProvider provider) : RolloutFleet(provider)
{
    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Fleet:Rollouts:StepIntervalMs"] = "200",
        ["Fleet:Rollouts:RepublishAfterSeconds"] = "2",
    };

    /// <summary>Replaces a device's labels (PUT /api/devices/{id} with its current version).</summary>
    public async Task SetLabelsAsync(Guid deviceId, Guid siteId, IReadOnlyDictionary<string, string> labels)
    {
        using HttpClient admin = Admin();
        JsonElement current = await admin.GetOkAsync($"/api/devices/{deviceId}");
        using var put = new HttpRequestMessage(HttpMethod.Put, $"/api/devices/{deviceId}")
        {
            Content = JsonContent.Create(new { name = current.GetProperty("name").GetString(), siteId, kind = "gateway", labels }),
        };
        put.Headers.TryAddWithoutValidation("If-Match", $"\"{current.GetProperty("version").GetRawText()}\"");
        using HttpResponseMessage changed = await admin.SendAsync(put);
        Assert.True(changed.IsSuccessStatusCode, $"labels of {deviceId}: {(int)changed.StatusCode} {await changed.Content.ReadAsStringAsync()}");
    }
}

public sealed class SqliteRedeliveryFleet() : RedeliveryFleet(DatabaseProvider.Sqlite);

public sealed class PostgresRedeliveryFleet() : RedeliveryFleet(DatabaseProvider.PostgreSQL);

public sealed class SqliteRedeliveryAndOverlapTests(SqliteRedeliveryFleet fleet) : RedeliveryAndOverlapTests(fleet), IClassFixture<SqliteRedeliveryFleet>;

public sealed class PostgresRedeliveryAndOverlapTests(PostgresRedeliveryFleet fleet) : RedeliveryAndOverlapTests(fleet), IClassFixture<PostgresRedeliveryFleet>;
