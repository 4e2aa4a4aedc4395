using System.Net;
using System.Text.Json;
using EdgeSensors.Alarms;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Enrolment;
using EdgeSensors.Fleet.Tests.Infrastructure;
using static EdgeSensors.Fleet.Tests.Live.LiveTestSteps;

namespace EdgeSensors.Fleet.Tests.Live;

/// <summary>
/// GET /api/devices/{id}/seq-gaps: a device publishes telemetry and alarms with holes in its one seq space (over the
/// embedded broker, with its own login); the view lists the missing runs newest first, a duplicate changes nothing, a
/// backfill fills its hole, and another tenant gets 404.
/// </summary>
public abstract class SeqGapsTests(EnrolmentFleet fleet)
{
    [SkippableFact]
    public async Task Holes_in_telemetry_and_alarm_seqs_are_listed_and_a_backfill_fills_them()
    {
        (Guid registryId, AckDevice device) = await EnrolAndConnectAsync(fleet, "gw-gaps-01");
        await using AckDevice _ = device;
        using HttpClient viewer = fleet.Client(fleet.Alpha, FleetRole.Viewer);
        string url = $"/api/devices/{registryId}/seq-gaps";

        JsonElement nothing = await viewer.GetOkAsync(url);
        Assert.Equal((JsonValueKind.Null, 0, 0), (nothing.GetProperty("lastSeq").ValueKind, nothing.GetProperty("received").GetInt32(), nothing.GetProperty("gapCount").GetInt32()));

        await device.PublishReadingsAsync("tk101.level", 1, 2, 3, 4, 5);
        await device.PublishAlarmAsync("tk101.level", AlarmKind.High, AlarmEventType.Raised, 9.1, 9, "m", 6UL, false);
        await device.PublishReadingsAsync("tk101.level", 10, 11, 12);
        await device.PublishReadingsAsync("tk101.level", 3); // a QoS 1 duplicate
        await device.PublishReadingsAsync("tk101.level", 15);
        JsonElement gaps = await WaitForAsync(viewer, url, g => g.GetProperty("lastSeq").GetString() == "15");
        Assert.Equal(("1", "15", 10, 5, 2), (gaps.GetProperty("firstSeq").GetString(), gaps.GetProperty("lastSeq").GetString(), gaps.GetProperty("received").GetInt32(),
            gaps.GetProperty("missing").GetInt32(), gaps.GetProperty("gapCount").GetInt32()));
        Assert.Equal([("13", "14", 2), ("7", "9", 3)], gaps.GetProperty("gaps").EnumerateArray()
            .Select(g => (g.GetProperty("from").GetString(), g.GetProperty("to").GetString(), g.GetProperty("count").GetInt32())));
        Assert.Single((await viewer.GetOkAsync(url + "?limit=1")).GetProperty("gaps").EnumerateArray());

        // The device's store replays 7-9 after an outage: that hole closes, 13-14 stays.
        await device.PublishReadingsAsync("tk101.level", 7, 8);
        await device.PublishAlarmAsync("tk101.level", AlarmKind.High, AlarmEventType.Cleared, 8.5, 9, "m", 9UL, false);
        gaps = await WaitForAsync(viewer, url, g => g.GetProperty("gapCount").GetInt32() == 1);
        Assert.Equal(("13", "14", 13, 2), (gaps.GetProperty("gaps")[0].GetProperty("from").GetString(), gaps.GetProperty("gaps")[0].GetProperty("to").GetString(),
            gaps.GetProperty("received").GetInt32(), gaps.GetProperty("missing").GetInt32()));

        using HttpClient beta = fleet.Client(fleet.Beta, FleetRole.Admin);
        using (HttpResponseMessage hidden = await beta.GetAsync(url))
        {
            await hidden.AssertProblemAsync(HttpStatusCode.NotFound);
        }

        using HttpResponseMessage bad = await viewer.GetAsync(url + "?limit=0");
        Assert.True((await bad.AssertProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("errors").TryGetProperty("limit", out JsonElement _));
    }
}

public sealed class SqliteSeqGapsTests(SqliteEnrolmentFleet fleet) : SeqGapsTests(fleet), IClassFixture<SqliteEnrolmentFleet>;

public sealed class PostgresSeqGapsTests(PostgresEnrolmentFleet fleet) : SeqGapsTests(fleet), IClassFixture<PostgresEnrolmentFleet>;
