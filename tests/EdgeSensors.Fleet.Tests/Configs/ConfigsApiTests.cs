using System.Net;
using System.Net.Http.Json;
using EdgeSensors.Fleet.Configs.Api;
using EdgeSensors.Fleet.Configs.Delivery;
using EdgeSensors.Fleet.Configs.Revisions;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSensors.Fleet.Tests.Configs;

/// <summary>Config revisions through the HTTP API on each provider: validation, safety rules, concurrency, approvals, diff, drift, audit.</summary>
public abstract class ConfigsApiTests(FleetFixture fleet)
{
    private const string LevelLimits = "limits: { hh: 11.5, h: 11, l: 1.2, ll: 0.8 }";

    [SkippableFact]
    public async Task A_config_goes_from_first_revision_through_refusals_and_approval_to_in_sync()
    {
        using var engineer = fleet.Client(fleet.Alpha, FleetRole.Engineer);
        using var admin = fleet.Client(fleet.Alpha, FleetRole.Admin);
        using var viewer = fleet.Client(fleet.Alpha, FleetRole.Viewer);
        var site = await engineer.PostOkAsync("/api/sites", new { name = "Config farm " + fleet.Provider });
        await engineer.PostOkAsync("/api/areas", new { siteId = site.Id(), name = "T-101", kind = "tank", overfillLevel = 11.8, overfillLevelUnit = "m" });
        var device = await engineer.PostOkAsync("/api/devices", new { siteId = site.Id(), name = "cfg-gw-" + fleet.Provider.ToString().ToLowerInvariant(), kind = "gateway" });
        await engineer.PostOkAsync($"/api/devices/{device.Id()}/tags", new { name = "t101-level/pv", unit = "m", labels = new { tank = "T-101" } });
        string revisions = $"/api/devices/{device.Id()}/config/revisions";

        var first = await engineer.PostOkAsync(revisions, new { parent = 0, message = "first config", body = FleetConfigFiles.TankFarm });
        Assert.Equal(1, first.GetProperty("number").GetInt32());
        Assert.Equal("active", first.GetProperty("state").GetString());
        Assert.Equal(Sha256Text.Of(FleetConfigFiles.TankFarm), first.GetProperty("sha256").GetString());

        // Stale parent: 409. Invalid body: 422 with the loader's path. Unsafe and unmarked: 422 with the rule.
        await (await engineer.PostAsJsonAsync(revisions, new { parent = 0, message = "late", body = FleetConfigFiles.TankFarm })).AssertProblemAsync(HttpStatusCode.Conflict);
        var invalid = await (await engineer.PostAsJsonAsync(revisions, new { parent = 1, message = "bad unit", body = FleetConfigFiles.TankFarmWith("unit_id: 6", "unit_id: 300") }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("body.devices[5].unit_id", out _), invalid.ToString());
        var unsafeChange = await (await engineer.PostAsJsonAsync(revisions, new { parent = 1, message = "drop hh", body = FleetConfigFiles.TankFarmWith(LevelLimits, "limits: { h: 11, l: 1.2, ll: 0.8 }") }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        var rule = unsafeChange.GetProperty("problems")[0];
        Assert.Equal("alarm_removed", rule.GetProperty("rule").GetString());
        Assert.Equal("devices[3].tags[0].alarms.limits.hh", rule.GetProperty("path").GetString());
        var aboveOverfill = FleetConfigFiles.TankFarmWith(LevelLimits, "limits: { hh: 11.9, h: 11, l: 1.2, ll: 0.8 }");
        var overfill = await (await engineer.PostAsJsonAsync(revisions, new { parent = 1, message = "hh up", body = aboveOverfill })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("hh_above_overfill", overfill.GetProperty("problems")[0].GetProperty("rule").GetString());
        await (await viewer.PostAsJsonAsync(revisions, new { parent = 1, message = "viewer", body = FleetConfigFiles.TankFarm })).AssertProblemAsync(HttpStatusCode.Forbidden);

        // Marked alarm-impacting: accepted, pending until two users other than the author approve.
        var pending = await engineer.PostOkAsync(revisions, new { parent = 1, message = "hh up, approved by ops", body = aboveOverfill, alarmImpacting = true });
        Assert.Equal("pending_approval", pending.GetProperty("state").GetString());
        Assert.Equal("hh_above_overfill", pending.GetProperty("violations")[0].GetProperty("rule").GetString());
        string approvals = $"{revisions}/2/approvals";
        await (await engineer.PostAsync(approvals, null)).AssertProblemAsync(HttpStatusCode.Forbidden);
        var once = await admin.PostOkAsync(approvals, new { }, HttpStatusCode.OK);
        Assert.Equal("pending_approval", once.GetProperty("state").GetString());
        await (await admin.PostAsync(approvals, null)).AssertProblemAsync(HttpStatusCode.Conflict);
        using var second = fleet.ClientWithToken(await ApiKeyAsync(FleetRole.Engineer));
        var active = await second.PostOkAsync(approvals, new { }, HttpStatusCode.OK);
        Assert.Equal("active", active.GetProperty("state").GetString());
        Assert.Equal(2, active.GetProperty("approvedBy").GetArrayLength());

        var diff = await engineer.GetOkAsync($"/api/devices/{device.Id()}/config/diff?from=1&to=2");
        var change = Assert.Single(diff.GetProperty("changes").EnumerateArray());
        Assert.Equal("devices[t101-level].tags[pv].alarms.limits.hh", change.GetProperty("path").GetString());
        Assert.Equal("11.5", change.GetProperty("before").GetString());
        Assert.Equal("11.9", change.GetProperty("after").GetString());
        Assert.Equal(2, (await viewer.GetOkAsync(revisions)).GetArrayLength());

        // Desired is delivery revision 2 (one per activation); the device's report brings it in sync.
        var drift = await viewer.GetOkAsync($"/api/configs/drift?siteId={site.Id()}");
        var row = Assert.Single(drift.GetProperty("devices").EnumerateArray());
        Assert.Equal("pending", row.GetProperty("state").GetString());
        Assert.Equal(2, row.GetProperty("desiredRevision").GetInt32());
        await ReportAsync(device.Id(), new ConfigReport(2, Sha256Text.Of(aboveOverfill), ConfigReport.Applied, null));
        drift = await viewer.GetOkAsync($"/api/configs/drift?siteId={site.Id()}");
        Assert.Equal("in_sync", drift.GetProperty("devices")[0].GetProperty("state").GetString());
        Assert.Equal(1, drift.GetProperty("summary").GetProperty("in_sync").GetInt32());

        var actions = await fleet.InSystemScopeAsync(sp => sp.GetRequiredService<FleetDbContext>().AuditEntries
            .Where(a => a.TenantId == fleet.Alpha.Id && a.Action.StartsWith("config.")).Select(a => a.Action).ToListAsync());
        foreach (var expected in new[] { "config.revision.create", "config.revision.refused", "config.revision.approve", "config.revision.activate", "config.desired.set" })
        {
            Assert.Contains(expected, actions);
        }
    }

    [SkippableFact]
    public async Task Another_tenant_sees_no_revision_and_cannot_approve()
    {
        using var engineer = fleet.Client(fleet.Alpha, FleetRole.Engineer);
        using var stranger = fleet.Client(fleet.Beta, FleetRole.Admin);
        var site = await engineer.PostOkAsync("/api/sites", new { name = "Isolated config farm" });
        var device = await engineer.PostOkAsync("/api/devices", new { siteId = site.Id(), name = "iso-gw", kind = "gateway" });
        string revisions = $"/api/devices/{device.Id()}/config/revisions";
        await engineer.PostOkAsync(revisions, new { parent = 0, message = "first", body = FleetConfigFiles.TankFarm, alarmImpacting = true });

        await (await stranger.GetAsync(revisions)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.GetAsync($"{revisions}/1")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await stranger.PostAsync($"{revisions}/1/approvals", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        var drift = await stranger.GetOkAsync("/api/configs/drift");
        Assert.DoesNotContain(drift.GetProperty("devices").EnumerateArray(), d => d.GetProperty("deviceId").GetGuid() == device.Id());
    }

    private Task<string> ApiKeyAsync(FleetRole role) => fleet.InSystemScopeAsync(async sp =>
        (await sp.GetRequiredService<Accounts>().CreateApiKeyAsync(fleet.Alpha.Id, "approver-" + Guid.NewGuid().ToString("N")[..6], role, null, "test")).Token);

    private Task<bool> ReportAsync(Guid deviceId, ConfigReport report) => fleet.InSystemScopeAsync(async sp =>
    {
        await sp.GetRequiredService<ConfigDelivery>().RecordReportAsync(fleet.Alpha.Id, deviceId, report, CancellationToken.None);
        await sp.GetRequiredService<FleetDbContext>().SaveChangesAsync();
        return true;
    });
}

public sealed class SqliteConfigsApiTests(SqliteFleet fleet) : ConfigsApiTests(fleet), IClassFixture<SqliteFleet>;

public sealed class PostgresConfigsApiTests(PostgresFleet fleet) : ConfigsApiTests(fleet), IClassFixture<PostgresFleet>;
