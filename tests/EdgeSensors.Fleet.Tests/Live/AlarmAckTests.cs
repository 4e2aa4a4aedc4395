using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSensors.Alarms;
using EdgeSensors.Fleet.Broker.Embedded;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Enrolment;
using EdgeSensors.Fleet.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet.Protocol;
using static EdgeSensors.Fleet.Tests.Live.LiveTestSteps;

namespace EdgeSensors.Fleet.Tests.Live;

/// <summary>
/// POST /api/devices/{id}/alarms/ack against the embedded broker: an enrolled device (a real MQTT client with its own
/// login) receives the command of docs/telemetry.md exactly (topic, UTF-8 payload, QoS 1, not retained); the live
/// state changes only when the device's "acknowledged" event comes back; the request is audited; bad tags, other
/// tenants, viewers and devices that cannot receive commands are refused with a problem; with the broker down the
/// answer is 503 and the audit log records that nothing was sent.
/// </summary>
public abstract class AlarmAckTests(EnrolmentFleet fleet)
{
    private const string Tag = "smm5100-2/concentration";

    [SkippableFact]
    public async Task A_technician_acknowledges_the_device_gets_the_command_and_the_alarm_turns_acknowledged_only_when_the_device_answers()
    {
        (Guid registryId, AckDevice device) = await EnrolAndConnectAsync(fleet, "gw-ack-01");
        await using AckDevice _ = device;
        using HttpClient technician = fleet.ClientWithToken(fleet.TechnicianToken);
        await device.PublishAlarmAsync(Tag, AlarmKind.HighHigh, AlarmEventType.Raised, 52.5, 50, "%LEL", 10UL);
        await device.PublishAlarmAsync("pt495-1/h2s", AlarmKind.High, AlarmEventType.Raised, 12, 10, "ppm", 11UL);
        await WaitForLiveAsync(technician, registryId, l => l.GetProperty("alarms").GetArrayLength() == 2);

        JsonElement sent = await technician.PostOkAsync($"/api/devices/{registryId}/alarms/ack", new { tag = Tag }, HttpStatusCode.Accepted);
        Assert.Equal(("edgesensors/gw-ack-01/commands/ack", Tag, Tag, 1, "gw-ack-01", "user:alpha-technician", 1),
            (sent.GetProperty("topic").GetString(), sent.GetProperty("payload").GetString(), sent.GetProperty("tag").GetString(), sent.GetProperty("qos").GetInt32(),
                sent.GetProperty("mqttId").GetString(), sent.GetProperty("sentBy").GetString(), sent.GetProperty("waitingAlarms").GetInt32()));
        Assert.Contains("device owns the alarm state", sent.GetProperty("note").GetString(), StringComparison.Ordinal);

        ReceivedCommand command = await device.WaitForCommandAsync(1, Patience);
        Assert.Equal(device.AckTopic, command.Topic);
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(Tag), command.Payload);
        Assert.Equal(MqttQualityOfServiceLevel.AtLeastOnce, command.Qos);
        Assert.False(command.Retain);

        // The server does not change the state itself: after a later message of the device is processed, still unacknowledged.
        await device.PublishReadingAsync("marker", 1, "", 12UL);
        JsonElement live = await WaitForLiveAsync(technician, registryId, l => Reading(l, "marker") is not null);
        Assert.False(Alarm(live, Tag, "HH")!.Value.GetProperty("acknowledged").GetBoolean());

        // The device acts on the command and reports it, as a gateway's LocalAlarms does.
        await device.PublishAlarmAsync(Tag, AlarmKind.HighHigh, AlarmEventType.Acknowledged, 51, 50, "%LEL", 13UL);
        live = await WaitForLiveAsync(technician, registryId, l => Alarm(l, Tag, "HH")?.GetProperty("acknowledged").GetBoolean() == true);
        Assert.Equal("acknowledged", Alarm(live, Tag, "HH")!.Value.GetProperty("state").GetString());
        Assert.False(Alarm(live, "pt495-1/h2s", "H")!.Value.GetProperty("acknowledged").GetBoolean());

        // "*" acknowledges everything the device has: the payload is the single character.
        JsonElement all = await technician.PostOkAsync($"/api/devices/{registryId}/alarms/ack", new { tag = "*" }, HttpStatusCode.Accepted);
        Assert.Equal(1, all.GetProperty("waitingAlarms").GetInt32());
        ReceivedCommand star = await device.WaitForCommandAsync(2, Patience);
        Assert.Equal((device.AckTopic, "*", MqttQualityOfServiceLevel.AtLeastOnce), (star.Topic, star.Text, star.Qos));

        // Audited: who, which device and tag, when.
        using HttpClient engineer = fleet.Client(fleet.Alpha, FleetRole.Engineer);
        JsonElement[] entries = [.. (await engineer.GetOkAsync($"/api/audit?entityType=device&entityId={registryId}")).EnumerateArray()
            .Where(e => e.GetProperty("action").GetString() == "alarm.ack")];
        Assert.Equal(2, entries.Length);
        JsonElement first = entries.Single(e => e.GetProperty("after").GetString()!.Contains(Tag, StringComparison.Ordinal));
        Assert.Equal("user:alpha-technician", first.GetProperty("actor").GetString());
        Assert.Contains("edgesensors/gw-ack-01/commands/ack", first.GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - first.GetProperty("at").GetDateTime() < TimeSpan.FromMinutes(10));
    }

    [SkippableFact]
    public async Task Bad_tags_viewers_other_tenants_and_devices_without_a_login_are_refused_and_nothing_is_sent()
    {
        (Guid registryId, AckDevice device) = await EnrolAndConnectAsync(fleet, "gw-ack-02");
        await using AckDevice _ = device;
        using HttpClient technician = fleet.ClientWithToken(fleet.TechnicianToken);
        string url = $"/api/devices/{registryId}/alarms/ack";

        foreach (string bad in (string[])["", "bad tag", "/leading-slash", "a+b", "tk#1", new string('t', 65), "**"])
        {
            using HttpResponseMessage response = await technician.PostAsJsonAsync(url, new { tag = bad });
            JsonElement problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.True(problem.GetProperty("errors").TryGetProperty("tag", out JsonElement _), $"tag '{bad}': {problem}");
        }

        using (HttpResponseMessage missing = await technician.PostAsJsonAsync(url, new { }))
        {
            await missing.AssertProblemAsync(HttpStatusCode.BadRequest);
        }

        using (HttpClient viewer = fleet.Client(fleet.Alpha, FleetRole.Viewer))
        using (HttpResponseMessage refused = await viewer.PostAsJsonAsync(url, new { tag = Tag }))
        {
            await refused.AssertProblemAsync(HttpStatusCode.Forbidden);
        }

        using (HttpClient beta = fleet.Client(fleet.Beta, FleetRole.Admin))
        using (HttpResponseMessage hidden = await beta.PostAsJsonAsync(url, new { tag = Tag }))
        {
            await hidden.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        // A registry device that never enrolled has no MQTT id: 409, with what to do.
        using HttpClient admin = fleet.ClientWithToken(fleet.AdminToken);
        Guid plain = (await admin.PostOkAsync("/api/devices", new { siteId = await fleet.SiteIdAsync(), name = "gw-ack-never-enrolled", kind = "gateway" })).Id();
        using (HttpResponseMessage conflict = await technician.PostAsJsonAsync($"/api/devices/{plain}/alarms/ack", new { tag = Tag }))
        {
            JsonElement problem = await conflict.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("not enrolled", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // One accepted request afterwards: it is the only command the device ever got.
        await technician.PostOkAsync(url, new { tag = Tag }, HttpStatusCode.Accepted);
        ReceivedCommand only = await device.WaitForCommandAsync(1, Patience);
        Assert.Equal(Tag, only.Text);
        await device.PublishReadingAsync("marker", 1, "", 1UL);
        await WaitForLiveAsync(technician, registryId, l => Reading(l, "marker") is not null);
        Assert.Single(device.Commands);
    }

    [SkippableFact]
    public async Task With_the_broker_down_the_answer_is_503_nothing_is_claimed_and_the_audit_log_says_it_was_not_sent()
    {
        await using WebApplicationFactory<Program> instance = fleet.NewInstance();
        using HttpClient admin = instance.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", fleet.AdminToken);
        (_, Guid registryId, _, _) = await EnrolAsync(admin, instance.CreateClient(), await fleet.SiteIdAsync(), "gw-ack-04");
        await instance.Services.GetRequiredService<EmbeddedFleetBroker>().StopAsync(CancellationToken.None);

        using HttpResponseMessage response = await admin.PostAsJsonAsync($"/api/devices/{registryId}/alarms/ack", new { tag = Tag });
        JsonElement problem = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("Nothing reached device gw-ack-04", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        string[] actions = [.. (await admin.GetOkAsync($"/api/audit?entityType=device&entityId={registryId}")).EnumerateArray()
            .Select(e => e.GetProperty("action").GetString()!).Where(a => a.StartsWith("alarm.", StringComparison.Ordinal))];
        Assert.Equal(["alarm.ack", "alarm.ack-unsent"], actions.Order(StringComparer.Ordinal));
    }

    [SkippableFact]
    public async Task Only_technicians_engineers_and_admins_may_acknowledge()
    {
        // Independent of the matrix walk, which reads the same table: a control room's viewer never acknowledges.
        Assert.Equal([FleetRole.Technician, FleetRole.Engineer, FleetRole.Admin], RolePermissions.RolesWith(Permissions.AlarmsAck));
        (Guid registryId, AckDevice device) = await EnrolAndConnectAsync(fleet, "gw-ack-03");
        await using AckDevice _ = device;
        int expected = 0;
        foreach (FleetRole role in Enum.GetValues<FleetRole>())
        {
            using HttpClient client = fleet.Client(fleet.Alpha, role);
            using HttpResponseMessage response = await client.PostAsJsonAsync($"/api/devices/{registryId}/alarms/ack", new { tag = "*" });
            Assert.True(response.StatusCode == (role == FleetRole.Viewer ? HttpStatusCode.Forbidden : HttpStatusCode.Accepted), $"{role}: {(int)response.StatusCode}");
            expected += role == FleetRole.Viewer ? 0 : 1;
        }

        await device.WaitForCommandAsync(expected, Patience);
    }
}

public sealed class SqliteAlarmAckTests(SqliteEnrolmentFleet fleet) : AlarmAckTests(fleet), IClassFixture<SqliteEnrolmentFleet>;

public sealed class PostgresAlarmAckTests(PostgresEnrolmentFleet fleet) : AlarmAckTests(fleet), IClassFixture<PostgresEnrolmentFleet>;
