using System.Globalization;
using System.Net;
using System.Text.Json;
using EdgeSensors.Alarms;
using EdgeSensors.Fleet.Broker.Embedded;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Enrolment;
using EdgeSensors.Fleet.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static EdgeSensors.Fleet.Tests.Live.LiveTestSteps;

namespace EdgeSensors.Fleet.Tests.Live;

/// <summary>
/// GET /api/alarms/history: every alarm event an enrolled device publishes (over the embedded broker, with its own
/// login) is kept once per (device, seq), also a late backfill the live state ignores; newest first, paged by a cursor,
/// filtered by device, site and time, tenant-isolated; it survives a restart; a retention under 30 days stops the server.
/// </summary>
public abstract class AlarmHistoryTests(EnrolmentFleet fleet)
{
    private const long BaseMs = 1767225600000; // 2026-01-01T00:00:00Z: AckDevice sends BaseMs + seq

    [SkippableFact]
    public async Task Every_event_is_kept_once_newest_first_also_a_late_backfill_and_a_duplicate()
    {
        (Guid registryId, AckDevice device) = await EnrolAndConnectAsync(fleet, "gw-hist-01");
        await using AckDevice _ = device;
        using HttpClient viewer = fleet.Client(fleet.Alpha, FleetRole.Viewer);
        const string Tag = "smm5100-2/concentration";
        await device.PublishAlarmAsync(Tag, AlarmKind.HighHigh, AlarmEventType.Raised, 52.5, 50, "%LEL", 10UL);
        await device.PublishAlarmAsync(Tag, AlarmKind.HighHigh, AlarmEventType.Acknowledged, 51, 50, "%LEL", 11UL);
        await device.PublishAlarmAsync(Tag, AlarmKind.HighHigh, AlarmEventType.Cleared, 10, 50, "%LEL", 30UL);
        await device.PublishAlarmAsync(Tag, AlarmKind.HighHigh, AlarmEventType.Raised, 55, 50, "%LEL", 25UL); // late backfill
        await device.PublishAlarmAsync(Tag, AlarmKind.HighHigh, AlarmEventType.Cleared, 10, 50, "%LEL", 30UL); // QoS 1 duplicate
        await device.PublishReadingAsync("marker", 1, "", 31UL);
        await WaitForLiveAsync(viewer, registryId, l => Reading(l, "marker") is not null);

        JsonElement page = await viewer.GetOkAsync($"/api/alarms/history?deviceId={registryId}");
        JsonElement[] items = [.. page.GetProperty("items").EnumerateArray()];
        Assert.Equal(["30", "25", "11", "10"], items.Select(i => i.GetProperty("seq").GetString()));
        Assert.Equal(["cleared", "raised", "acknowledged", "raised"], items.Select(i => i.GetProperty("state").GetString()));
        Assert.Equal(JsonValueKind.Null, page.GetProperty("nextCursor").ValueKind);
        JsonElement late = items[1];
        Assert.Equal((Tag, "HH", 55.0, 50.0, "%LEL", true, "gw-hist-01", "gw-hist-01", registryId),
            (late.GetProperty("tag").GetString(), late.GetProperty("kind").GetString(), late.GetProperty("value").GetDouble(), late.GetProperty("limit").GetDouble(),
                late.GetProperty("unit").GetString(), late.GetProperty("latched").GetBoolean(), late.GetProperty("deviceName").GetString(),
                late.GetProperty("source").GetString(), late.GetProperty("deviceId").GetGuid()));
        Assert.Equal(DateTime.UnixEpoch.AddMilliseconds(BaseMs + 25), late.GetProperty("time").GetDateTime().ToUniversalTime());
        Assert.True(DateTime.UtcNow - late.GetProperty("receivedAt").GetDateTime().ToUniversalTime() < TimeSpan.FromMinutes(10));

        // The live state took the newest event only: cleared, so not active.
        Assert.Null(Alarm(await viewer.GetOkAsync($"/api/devices/{registryId}/live"), Tag, "HH"));
    }

    [SkippableFact]
    public async Task Pages_follow_the_cursor_filters_hold_and_other_tenants_see_nothing()
    {
        (Guid registryId, AckDevice device) = await EnrolAndConnectAsync(fleet, "gw-hist-02");
        await using AckDevice _ = device;
        using HttpClient viewer = fleet.Client(fleet.Alpha, FleetRole.Viewer);
        for (ulong seq = 1; seq <= 7; seq++)
        {
            await device.PublishAlarmAsync("pt495-1/h2s", AlarmKind.High, seq % 2 == 1 ? AlarmEventType.Raised : AlarmEventType.Cleared, 10 + seq, 10, "ppm", seq, latched: false);
        }

        string url = $"/api/alarms/history?deviceId={registryId}";
        await WaitForAsync(viewer, url, h => h.GetProperty("items").GetArrayLength() == 7);

        var seen = new List<string>();
        var sizes = new List<int>();
        string? cursor = null;
        do
        {
            JsonElement page = await viewer.GetOkAsync(url + "&limit=3" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            sizes.Add(page.GetProperty("items").GetArrayLength());
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("seq").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal([3, 3, 1], sizes);
        Assert.Equal(["7", "6", "5", "4", "3", "2", "1"], seen);

        // from inclusive, to exclusive, on the event's source time (ISO 8601 UTC).
        string At(ulong seq) => DateTime.UnixEpoch.AddMilliseconds(BaseMs + (long)seq).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        JsonElement window = await viewer.GetOkAsync($"{url}&from={At(3)}&to={At(6)}");
        Assert.Equal(["5", "4", "3"], window.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("seq").GetString()));
        JsonElement offset = await viewer.GetOkAsync($"{url}&from={Uri.EscapeDataString("2026-01-01T01:00:00.003+01:00")}");
        Assert.Equal(5, offset.GetProperty("items").GetArrayLength());

        // By site: the device's site has them, another site has none.
        JsonElement bySite = await viewer.GetOkAsync($"/api/alarms/history?siteId={await fleet.SiteIdAsync()}&limit=1000");
        Assert.Equal(7, bySite.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("deviceId").GetGuid() == registryId));
        using HttpClient admin = fleet.ClientWithToken(fleet.AdminToken);
        Guid empty = (await admin.PostOkAsync("/api/sites", new { name = "Empty farm " + Guid.NewGuid().ToString("N")[..6] })).Id();
        Assert.Equal(0, (await viewer.GetOkAsync($"/api/alarms/history?siteId={empty}")).GetProperty("items").GetArrayLength());

        // Another tenant: the device is not found and its events are in no list.
        using HttpClient beta = fleet.Client(fleet.Beta, FleetRole.Admin);
        using (HttpResponseMessage hidden = await beta.GetAsync(url))
        {
            await hidden.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        string betaAll = (await beta.GetOkAsync("/api/alarms/history?limit=1000")).ToString();
        Assert.DoesNotContain(registryId.ToString(), betaAll, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("gw-hist-02", betaAll, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Bad_query_values_get_a_problem_naming_the_parameter()
    {
        using HttpClient viewer = fleet.Client(fleet.Alpha, FleetRole.Viewer);
        foreach ((string query, string field) in new[]
        {
            ("limit=0", "limit"), ("limit=1001", "limit"), ("from=yesterday", "from"), ("from=2026-11-29T08:00:00", "from"),
            ("to=29.11.2026", "to"), ("from=2026-11-29T08:00:00Z&to=2026-11-29T07:00:00Z", "to"), ("cursor=not-a-cursor!", "cursor"),
            ("cursor=" + Convert.ToBase64String("12:zz"u8.ToArray()), "cursor"), ("from=" + new string('2', 5000), "from"),
        })
        {
            using HttpResponseMessage response = await viewer.GetAsync("/api/alarms/history?" + query);
            JsonElement problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out JsonElement _), $"{query}: {problem}");
        }

        foreach (string query in (string[])["limit=abc", "deviceId=not-a-guid", "siteId=1"])
        {
            using HttpResponseMessage response = await viewer.GetAsync("/api/alarms/history?" + query);
            await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        }
    }

    [SkippableFact]
    public async Task History_survives_a_restart_of_the_server()
    {
        WebApplicationFactory<Program> first = fleet.NewInstance();
        (string id, Guid registryId, string username, string password) = await EnrolAsync(Signed(first, fleet.AdminToken), first.CreateClient(), await fleet.SiteIdAsync(), "gw-hist-03");
        await using (AckDevice device = await AckDevice.ConnectAsync(first.Services.GetRequiredService<EmbeddedFleetBroker>().Port, id, username, password))
        {
            await device.PublishAlarmAsync("vega-c21/pv", AlarmKind.HighHigh, AlarmEventType.Raised, 10.6, 10.5, "m", 40UL);
            await device.PublishAlarmAsync("vega-c21/pv", AlarmKind.HighHigh, AlarmEventType.Acknowledged, 10.6, 10.5, "m", 41UL);
            using HttpClient before = Signed(first, fleet.Alpha.Tokens[FleetRole.Viewer]);
            await WaitForAsync(before, $"/api/alarms/history?deviceId={registryId}", h => h.GetProperty("items").GetArrayLength() == 2);
        }

        await first.DisposeAsync();
        await using WebApplicationFactory<Program> second = fleet.NewInstance();
        using HttpClient after = Signed(second, fleet.Alpha.Tokens[FleetRole.Viewer]);
        JsonElement items = (await after.GetOkAsync($"/api/alarms/history?deviceId={registryId}")).GetProperty("items");
        Assert.Equal(["41", "40"], items.EnumerateArray().Select(i => i.GetProperty("seq").GetString()));
        Assert.Equal([10.6, 10.6], items.EnumerateArray().Select(i => i.GetProperty("value").GetDouble()));
        Assert.All(items.EnumerateArray(), i => Assert.Equal("m", i.GetProperty("unit").GetString()));
    }

    [SkippableFact]
    public void A_retention_under_30_days_stops_the_server_with_the_key_and_the_fix()
    {
        _ = fleet.Factory;
        using WebApplicationFactory<Program> instance = fleet.NewInstance(new Dictionary<string, string> { ["Fleet:History:AlarmRetentionDays"] = "29" });
        Exception error = Assert.ThrowsAny<Exception>(() => instance.Server);
        string messages = string.Join(" | ", Chain(error).Select(e => e.Message));
        Assert.Contains("Fleet:History:AlarmRetentionDays is 29 days", messages, StringComparison.Ordinal);
        Assert.Contains("at least 30 days", messages, StringComparison.Ordinal);
        Assert.Contains("fix: set Fleet:History:AlarmRetentionDays to 30 or more", messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e;
        }
    }

    private static HttpClient Signed(WebApplicationFactory<Program> instance, string token)
    {
        HttpClient client = instance.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

public sealed class SqliteAlarmHistoryTests(SqliteEnrolmentFleet fleet) : AlarmHistoryTests(fleet), IClassFixture<SqliteEnrolmentFleet>;

public sealed class PostgresAlarmHistoryTests(PostgresEnrolmentFleet fleet) : AlarmHistoryTests(fleet), IClassFixture<PostgresEnrolmentFleet>;
