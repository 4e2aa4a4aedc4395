using System.Net;
using System.Net.Http.Json;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Registry;
using EdgeSensors.Fleet.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSensors.Fleet.Tests.Registry;

/// <summary>The hierarchy tenant > site > area/tank > device > tag, labels, filters and search, through the HTTP API.</summary>
public abstract class RegistryApiTests(FleetFixture fleet)
{
    [SkippableFact]
    public async Task The_whole_hierarchy_is_created_read_changed_and_deleted()
    {
        using var engineer = fleet.Client(fleet.Alpha, FleetRole.Engineer);
        var site = await engineer.PostOkAsync("/api/sites", new { name = "Hierarchy farm", description = "river side", labels = new { region = "north" } });
        var tank = await engineer.PostOkAsync("/api/areas", new { siteId = site.Id(), name = "TK-1", kind = "tank", overfillLevel = 11.2, overfillLevelUnit = "m" });
        Assert.Equal("tank", tank.GetProperty("kind").GetString());
        Assert.Equal(11.2, tank.GetProperty("overfillLevel").GetDouble());
        Assert.Equal("m", tank.GetProperty("overfillLevelUnit").GetString());

        var device = await engineer.PostOkAsync("/api/devices", new { siteId = site.Id(), areaId = tank.Id(), name = "hier-gw-1", kind = "gateway", serialNumber = "SN-77" });
        var tag = await engineer.PostOkAsync($"/api/devices/{device.Id()}/tags", new { name = "level", unit = "m", labels = new { quantity = "level" } });
        Assert.Equal(device.Id(), tag.GetProperty("deviceId").GetGuid());

        var read = await engineer.GetOkAsync($"/api/devices/{device.Id()}");
        Assert.Equal(tank.Id(), read.GetProperty("areaId").GetGuid());
        Assert.Equal("SN-77", read.GetProperty("serialNumber").GetString());

        var renamed = await engineer.PutOkAsync($"/api/sites/{site.Id()}", new { name = "Hierarchy farm 2" }, 1);
        Assert.Equal("Hierarchy farm 2", renamed.GetProperty("name").GetString());
        Assert.Equal("north", renamed.GetProperty("labels").GetProperty("region").GetString()); // labels null: kept

        // Parents with children cannot go: 409 naming what is left.
        var blocked = await engineer.DeleteAsync($"/api/sites/{site.Id()}");
        var problem = await blocked.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("1 areas/tanks and 1 devices", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        await engineer.SendOkAsync(HttpMethod.Delete, $"/api/tags/{tag.Id()}", null, HttpStatusCode.NoContent);
        await engineer.SendOkAsync(HttpMethod.Delete, $"/api/devices/{device.Id()}", null, HttpStatusCode.NoContent);
        await engineer.SendOkAsync(HttpMethod.Delete, $"/api/areas/{tank.Id()}", null, HttpStatusCode.NoContent);
        await engineer.SendOkAsync(HttpMethod.Delete, $"/api/sites/{site.Id()}", null, HttpStatusCode.NoContent);
        await (await engineer.GetAsync($"/api/sites/{site.Id()}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task Lists_filter_by_site_kind_label_selector_and_text()
    {
        using var engineer = fleet.Client(fleet.Alpha, FleetRole.Engineer);
        var east = await engineer.PostOkAsync("/api/sites", new { name = "Filter east" });
        var west = await engineer.PostOkAsync("/api/sites", new { name = "Filter west" });
        var gw = await engineer.PostOkAsync("/api/devices", new { siteId = east.Id(), name = "filter-gw-east", kind = "gateway", labels = new Dictionary<string, string> { ["ring"] = "canary", ["vendor"] = "acme" } });
        var node = await engineer.PostOkAsync("/api/devices", new { siteId = east.Id(), name = "filter-node-east", kind = "node", labels = new { ring = "stable" } });
        var westGw = await engineer.PostOkAsync("/api/devices", new { siteId = west.Id(), name = "filter-gw-west", kind = "gateway", serialNumber = "Z-FINDME-9", labels = new { ring = "canary" } });

        async Task<Guid[]> Devices(string query) =>
            [.. (await engineer.GetOkAsync("/api/devices?" + query)).GetProperty("items").EnumerateArray().Select(d => d.Id())];

        Assert.Equal([gw.Id(), node.Id()], await Devices($"siteId={east.Id()}"));
        Assert.Equal([gw.Id(), westGw.Id()], await Devices("kind=gateway&q=filter-"));
        Assert.Equal([gw.Id(), westGw.Id()], await Devices("label=ring%3Dcanary"));
        Assert.Equal([gw.Id()], await Devices("label=ring%3Dcanary,vendor"));
        Assert.Equal([gw.Id()], await Devices("label=vendor%3Dacme&kind=GATEWAY"));
        Assert.Empty(await Devices("label=ring%3Dcanary,vendor%3Dother"));
        Assert.Equal([westGw.Id()], await Devices("q=findme"));

        var sites = await engineer.GetOkAsync("/api/sites?q=FILTER&limit=1");
        Assert.Equal(2, sites.GetProperty("total").GetInt32());
        Assert.Single(sites.GetProperty("items").EnumerateArray());

        await (await engineer.GetAsync("/api/devices?kind=fridge")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await engineer.GetAsync("/api/devices?label=Bad%20Key")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        await (await engineer.GetAsync("/api/sites?limit=0")).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
    }

    [SkippableFact]
    public async Task Tank_rules_and_references_are_validated_with_the_field_path()
    {
        using var engineer = fleet.Client(fleet.Alpha, FleetRole.Engineer);
        var site = await engineer.PostOkAsync("/api/sites", new { name = "Rules farm" });
        var other = await engineer.PostOkAsync("/api/sites", new { name = "Rules other farm" });
        var otherArea = await engineer.PostOkAsync("/api/areas", new { siteId = other.Id(), name = "bund", kind = "area" });

        async Task<string[]> Errors(string url, object body)
        {
            var problem = await (await engineer.PostAsJsonAsync(url, body)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
            return [.. problem.GetProperty("errors").EnumerateObject().Select(e => e.Name)];
        }

        Assert.Contains("overfillLevelUnit", await Errors("/api/areas", new { siteId = site.Id(), name = "TK-2", kind = "tank", overfillLevel = 5.0 }));
        Assert.Contains("overfillLevelUnit", await Errors("/api/areas", new { siteId = site.Id(), name = "TK-2", kind = "tank", overfillLevel = 5.0, overfillLevelUnit = "bananas" }));
        Assert.Contains("overfillLevel", await Errors("/api/areas", new { siteId = site.Id(), name = "TK-2", kind = "tank", overfillLevel = -1.0, overfillLevelUnit = "m" }));
        Assert.Contains("overfillLevel", await Errors("/api/areas", new { siteId = site.Id(), name = "bund 2", kind = "area", overfillLevel = 5.0, overfillLevelUnit = "m" }));
        Assert.Contains("siteId", await Errors("/api/areas", new { siteId = Guid.NewGuid(), name = "x", kind = "area" }));
        Assert.Contains("areaId", await Errors("/api/devices", new { siteId = site.Id(), areaId = otherArea.Id(), name = "rules-gw", kind = "gateway" }));
        Assert.Contains("name", await Errors("/api/sites", new { name = "  " }));
        Assert.Contains("labels.Bad Key", await Errors("/api/sites", new { name = "labelled", labels = new Dictionary<string, string> { ["Bad Key"] = "v" } }));

        await engineer.PostOkAsync("/api/devices", new { siteId = site.Id(), name = "rules-dup", kind = "node" });
        await (await engineer.PostAsJsonAsync("/api/devices", new { siteId = other.Id(), name = "rules-dup", kind = "node" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [SkippableFact]
    public async Task Reported_versions_and_last_seen_come_from_the_device_side()
    {
        using var technician = fleet.Client(fleet.Alpha, FleetRole.Technician);
        using var engineer = fleet.Client(fleet.Alpha, FleetRole.Engineer);
        var site = await engineer.PostOkAsync("/api/sites", new { name = "Versions farm" });
        var device = await technician.PostOkAsync("/api/devices", new { siteId = site.Id(), name = "versions-node", kind = "node" });
        Assert.Equal(System.Text.Json.JsonValueKind.Null, device.GetProperty("reported").GetProperty("firmware").ValueKind);

        var recorded = await fleet.InSystemScopeAsync(services =>
            services.GetRequiredService<DeviceReports>().RecordVersionsAsync(device.Id(), "esp32-s3 rev2", "fw 1.4.0", "nf 1.17.11"));
        Assert.True(recorded);
        Assert.False(await fleet.InSystemScopeAsync(services =>
            services.GetRequiredService<DeviceReports>().RecordVersionsAsync(Guid.NewGuid(), "x", "y", "z")));

        var read = await technician.GetOkAsync($"/api/devices/{device.Id()}");
        var reported = read.GetProperty("reported");
        Assert.Equal("esp32-s3 rev2", reported.GetProperty("hardware").GetString());
        Assert.Equal("fw 1.4.0", reported.GetProperty("firmware").GetString());
        Assert.Equal("nf 1.17.11", reported.GetProperty("software").GetString());
        Assert.Equal(reported.GetProperty("reportedAt").GetDateTime(), read.GetProperty("lastSeenAt").GetDateTime());
    }

    [SkippableFact]
    public async Task Tenant_labels_are_the_callers_own_tenant()
    {
        using var admin = fleet.Client(fleet.Beta, FleetRole.Admin);
        var tenant = await admin.SendOkAsync(HttpMethod.Put, "/api/tenant/labels", new { labels = new { company = "beta-co" } }, HttpStatusCode.OK);
        Assert.Equal(fleet.Beta.Id, tenant.Id());
        using var alphaViewer = fleet.Client(fleet.Alpha, FleetRole.Viewer);
        var alpha = await alphaViewer.GetOkAsync("/api/tenant");
        Assert.Equal("alpha", alpha.GetProperty("name").GetString());
        Assert.False(alpha.GetProperty("labels").TryGetProperty("company", out _));
    }
}

public sealed class SqliteRegistryApiTests(SqliteFleet fleet) : RegistryApiTests(fleet), IClassFixture<SqliteFleet>;

public sealed class PostgresRegistryApiTests(PostgresFleet fleet) : RegistryApiTests(fleet), IClassFixture<PostgresFleet>;
