using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSensors.Alarms;
using EdgeSensors.Fleet.Broker.Tests.Support;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Enrolment;
using EdgeSensors.Fleet.Tests.Infrastructure;
using EdgeSensors.Telemetry.Codec;
using EdgeSensors.Telemetry.Messages;

namespace EdgeSensors.Fleet.Tests.Live;

/// <summary>
/// A device enrolled through the API publishes real telemetry and alarm events (encoded with the shared contract) to
/// the embedded broker with its own credentials; the live API shows the newest reading per tag and the active alarms,
/// and only to its tenant.
/// </summary>
public abstract class LiveDataTests(EnrolmentFleet fleet)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [SkippableFact]
    public async Task Readings_and_alarms_published_by_a_device_appear_newest_seq_first_and_cleared_alarms_leave()
    {
        (string id, Guid registryId, TestClient device) = await EnrolAndConnectAsync("gw-live-01");
        await using TestClient _ = device;
        using HttpClient viewer = fleet.Client(fleet.Alpha, FleetRole.Viewer);

        await PublishReadingsAsync(device, id, ("tk101.level", 7.25, "m", SignalQuality.Good, 10UL), ("keller30-1/p1", double.NaN, "bar", SignalQuality.CommFailure, 11UL));
        await PublishAlarmAsync(device, id, "smm5100-2/concentration", AlarmKind.HighHigh, AlarmEventType.Raised, 52.5, 50, "%LEL", 12UL, latched: true);
        JsonElement live = await WaitForAsync(viewer, registryId, l => Reading(l, "tk101.level") is not null && l.GetProperty("alarms").GetArrayLength() == 1);
        JsonElement level = Reading(live, "tk101.level")!.Value;
        Assert.Equal(7.25, level.GetProperty("value").GetDouble());
        Assert.Equal("m", level.GetProperty("unit").GetString());
        Assert.Equal("good", level.GetProperty("quality").GetString());
        Assert.Equal("10", level.GetProperty("seq").GetString());
        JsonElement pressure = Reading(live, "keller30-1/p1")!.Value;
        Assert.Equal(JsonValueKind.Null, pressure.GetProperty("value").ValueKind);
        Assert.Equal("comm_failure", pressure.GetProperty("quality").GetString());
        JsonElement alarm = live.GetProperty("alarms")[0];
        Assert.Equal(("HH", "raised", false, 52.5, 50.0, "%LEL"), (alarm.GetProperty("kind").GetString(), alarm.GetProperty("state").GetString(),
            alarm.GetProperty("acknowledged").GetBoolean(), alarm.GetProperty("value").GetDouble(), alarm.GetProperty("limit").GetDouble(), alarm.GetProperty("unit").GetString()));

        // A newer value, then an older one (a late backfill) and a duplicate: the newest seq stays. The marker on
        // another tag comes last on the same connection, so once it shows, everything before it was processed.
        await PublishReadingsAsync(device, id, ("tk101.level", 8.5, "m", SignalQuality.Good, 20UL));
        await PublishReadingsAsync(device, id, ("tk101.level", 1.0, "m", SignalQuality.Stale, 15UL));
        await PublishReadingsAsync(device, id, ("tk101.level", 8.5, "m", SignalQuality.Good, 20UL));
        await PublishAlarmAsync(device, id, "smm5100-2/concentration", AlarmKind.HighHigh, AlarmEventType.Acknowledged, 51, 50, "%LEL", 21UL, latched: true);
        await PublishReadingsAsync(device, id, ("marker", 1, "", SignalQuality.Good, 22UL));
        live = await WaitForAsync(viewer, registryId, l => Reading(l, "marker") is not null);
        Assert.Equal(8.5, Reading(live, "tk101.level")!.Value.GetProperty("value").GetDouble());
        Assert.Equal("20", Reading(live, "tk101.level")!.Value.GetProperty("seq").GetString());
        Assert.True(live.GetProperty("alarms")[0].GetProperty("acknowledged").GetBoolean());

        // Cleared: no longer active; an older raised event arriving afterwards does not bring it back.
        await PublishAlarmAsync(device, id, "smm5100-2/concentration", AlarmKind.HighHigh, AlarmEventType.Cleared, 10, 50, "%LEL", 30UL, latched: true);
        await PublishAlarmAsync(device, id, "smm5100-2/concentration", AlarmKind.HighHigh, AlarmEventType.Raised, 52.5, 50, "%LEL", 25UL, latched: true);
        await PublishReadingsAsync(device, id, ("marker", 2, "", SignalQuality.Good, 31UL));
        live = await WaitForAsync(viewer, registryId, l => Reading(l, "marker")?.GetProperty("value").GetDouble() == 2);
        Assert.Equal(0, live.GetProperty("alarms").GetArrayLength());
    }

    [SkippableFact]
    public async Task Active_alarms_are_listed_for_the_tenant_and_hidden_from_another()
    {
        (string id, Guid registryId, TestClient device) = await EnrolAndConnectAsync("gw-live-02");
        await using TestClient _ = device;
        await PublishAlarmAsync(device, id, "pt495-1/h2s", AlarmKind.High, AlarmEventType.Raised, 12, 10, "ppm", 5UL, latched: false);
        using HttpClient viewer = fleet.Client(fleet.Alpha, FleetRole.Viewer);
        await WaitForAsync(viewer, registryId, l => l.GetProperty("alarms").GetArrayLength() == 1);

        JsonElement[] alarms = [.. (await viewer.GetOkAsync($"/api/alarms/active?siteId={await fleet.SiteIdAsync()}")).EnumerateArray()];
        JsonElement mine = Assert.Single(alarms, a => a.GetProperty("deviceId").GetGuid() == registryId);
        Assert.Equal(("pt495-1/h2s", "H", "gw-live-02"), (mine.GetProperty("tag").GetString(), mine.GetProperty("kind").GetString(), mine.GetProperty("deviceName").GetString()));

        using HttpClient beta = fleet.Client(fleet.Beta, FleetRole.Admin);
        using HttpResponseMessage hidden = await beta.GetAsync($"/api/devices/{registryId}/live");
        await hidden.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(registryId.ToString(), await beta.GetStringAsync("/api/alarms/active"), StringComparison.OrdinalIgnoreCase);
    }

    [SkippableFact]
    public async Task A_payload_the_contract_rejects_changes_nothing()
    {
        (string id, Guid registryId, TestClient device) = await EnrolAndConnectAsync("gw-live-03");
        await using TestClient _ = device;
        Assert.True((await device.PublishAsync($"edgesensors/{id}/telemetry", "{\"schema\":1,\"source\":\"" + id + "\",\"backfill\":false,\"readings\":[{\"tag\":\"bad\",\"value\":1,\"unit\":\"m\",\"quality\":\"bad\",\"time_ms\":1,\"seq\":\"1\"}]}")).IsSuccess);
        await PublishReadingsAsync(device, id, ("marker", 3, "", SignalQuality.Good, 2UL));
        using HttpClient viewer = fleet.Client(fleet.Alpha, FleetRole.Viewer);
        JsonElement live = await WaitForAsync(viewer, registryId, l => Reading(l, "marker") is not null);
        Assert.Null(Reading(live, "bad"));
        Assert.Equal(1, live.GetProperty("readings").GetArrayLength());
    }

    private async Task<(string Id, Guid RegistryId, TestClient Device)> EnrolAndConnectAsync(string requestedId)
    {
        using HttpClient admin = fleet.ClientWithToken(fleet.AdminToken);
        JsonElement created = await admin.PostOkAsync("/api/enrolment-tokens", new { siteId = await fleet.SiteIdAsync(), maxUses = 1 });
        using HttpClient anonymous = fleet.CreateClient();
        using HttpResponseMessage response = await anonymous.PostAsJsonAsync("/api/enrol", new { token = created.GetProperty("token").GetString(), kind = "gateway", requestedId });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"enrol {requestedId}: {(int)response.StatusCode} {body}");
        JsonElement enrolled = JsonDocument.Parse(body).RootElement;
        JsonElement mqtt = enrolled.GetProperty("mqtt");
        string id = enrolled.GetProperty("deviceId").GetString()!;
        TestClient device = await TestClient.ConnectAsync(fleet.BrokerPort, id, mqtt.GetProperty("username").GetString(), mqtt.GetProperty("password").GetString());
        return (id, enrolled.GetProperty("registryId").GetGuid(), device);
    }

    private static async Task PublishReadingsAsync(TestClient device, string id, params (string Tag, double Value, string Unit, SignalQuality Quality, ulong Seq)[] readings)
    {
        var batch = new TelemetryBatch(readings.Length) { Source = id };
        foreach (var r in readings)
        {
            Assert.True(batch.TryAdd(r.Tag, r.Value, r.Unit, r.Quality, 1767225600000 + (long)r.Seq, r.Seq));
        }

        var buffer = new byte[TelemetryEncoder.MaxBatchBytes(readings.Length)];
        Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeBatch(batch, buffer, 0, out int length));
        Assert.True((await device.PublishAsync($"edgesensors/{id}/telemetry", System.Text.Encoding.UTF8.GetString(buffer, 0, length))).IsSuccess);
    }

    private static async Task PublishAlarmAsync(TestClient device, string id, string tag, AlarmKind kind, AlarmEventType state, double value, double limit, string unit, ulong seq, bool latched)
    {
        var alarm = new AlarmMessage { Source = id, Tag = tag, Kind = kind, State = state, Value = value, Limit = limit, Unit = unit, TimeMs = 1767225600000 + (long)seq, Seq = seq, Latched = latched };
        var buffer = new byte[TelemetryEncoder.MaxAlarmBytes];
        Assert.Equal(TelemetryEncodeStatus.Ok, new TelemetryEncoder().EncodeAlarm(alarm, buffer, 0, out int length));
        Assert.True((await device.PublishAsync($"edgesensors/{id}/alarms", System.Text.Encoding.UTF8.GetString(buffer, 0, length))).IsSuccess);
    }

    private static JsonElement? Reading(JsonElement live, string tag) =>
        live.GetProperty("readings").EnumerateArray().Where(r => r.GetProperty("tag").GetString() == tag).Select(r => (JsonElement?)r).FirstOrDefault();

    /// <summary>Polls the live API, as the dashboard does, until <paramref name="done"/> holds.</summary>
    private static async Task<JsonElement> WaitForAsync(HttpClient client, Guid deviceId, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        JsonElement live;
        do
        {
            live = await client.GetOkAsync($"/api/devices/{deviceId}/live");
            if (done(live))
            {
                return live;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"the live view of {deviceId} did not reach the expected state in {Patience.TotalSeconds} s; last: {live}");
        return live;
    }
}

public sealed class SqliteLiveDataTests(SqliteEnrolmentFleet fleet) : LiveDataTests(fleet), IClassFixture<SqliteEnrolmentFleet>;

public sealed class PostgresLiveDataTests(PostgresEnrolmentFleet fleet) : LiveDataTests(fleet), IClassFixture<PostgresEnrolmentFleet>;
