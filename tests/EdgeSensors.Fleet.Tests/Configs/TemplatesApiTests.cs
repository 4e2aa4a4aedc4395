using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSensors.Fleet.Tests.Configs;

/// <summary>Config templates, per-device overrides, effective configs and revisions from a template, on each provider; gateways and nodes.</summary>
public abstract class TemplatesApiTests(FleetFixture fleet)
{
    private const string LevelLimits = "limits: { hh: 11.5, h: 11, l: 1.2, ll: 0.8 }";

    private const string NodeTemplate =
        """{"node":"template-node","devices":[{"name":"t101-lel","unit":1,"tags":[{"name":"concentration","register":40001,"scale":0.1,"unit":"%LEL","min":0,"max":100,"alarms":{"h":25,"hh":50,"fault_delay_s":10}}]}]}""";

    private string Suffix => fleet.Provider.ToString().ToLowerInvariant();

    [SkippableFact]
    public async Task A_gateway_template_with_overrides_gives_each_device_its_revision_through_the_safety_rules()
    {
        using var engineer = fleet.Client(fleet.Alpha, FleetRole.Engineer);
        using var viewer = fleet.Client(fleet.Alpha, FleetRole.Viewer);
        var site = await engineer.PostOkAsync("/api/sites", new { name = "Template farm " + fleet.Provider });
        await engineer.PostOkAsync("/api/areas", new { siteId = site.Id(), name = "T-101", kind = "tank", overfillLevel = 11.8, overfillLevelUnit = "m" });
        var a = await engineer.PostOkAsync("/api/devices", new { siteId = site.Id(), name = "tpl-gw-a-" + Suffix, kind = "gateway" });
        var b = await engineer.PostOkAsync("/api/devices", new { siteId = site.Id(), name = "tpl-gw-b-" + Suffix, kind = "gateway" });
        foreach (var device in new[] { a, b })
        {
            await engineer.PostOkAsync($"/api/devices/{device.Id()}/tags", new { name = "t101-level/pv", unit = "m", labels = new { tank = "T-101" } });
        }

        var template = await engineer.PostOkAsync("/api/config-templates", new { name = "Farm gateways " + fleet.Provider, kind = "gateway", siteId = site.Id(), body = FleetConfigFiles.TankFarm });
        Assert.Equal(1, template.GetProperty("version").GetInt32());
        string templateUrl = $"/api/config-templates/{template.Id()}";
        await (await viewer.PostAsJsonAsync("/api/config-templates", new { name = "viewer's", kind = "gateway", body = FleetConfigFiles.TankFarm })).AssertProblemAsync(HttpStatusCode.Forbidden);

        // Overrides: only hh changes for device a; h, l, ll stay the template's.
        string overridesA = $"gateway: {{ id: {a.GetProperty("name").GetString()} }}\ndevices:\n  - name: t101-level\n    tags:\n      - name: pv\n        alarms: {{ limits: {{ hh: 11.2 }} }}\n";
        var effectiveA = await engineer.SendOkAsync(HttpMethod.Put, $"/api/devices/{a.Id()}/config/overrides", new { templateId = template.Id(), overrides = overridesA }, HttpStatusCode.OK);
        Assert.True(effectiveA.GetProperty("valid").GetBoolean());
        string bodyA = effectiveA.GetProperty("body").GetString()!;
        Assert.Contains("hh: 11.2", bodyA, StringComparison.Ordinal);
        Assert.Contains("h: 11", bodyA, StringComparison.Ordinal);
        Assert.Contains("ll: 0.8", bodyA, StringComparison.Ordinal);
        await engineer.SendOkAsync(HttpMethod.Put, $"/api/devices/{b.Id()}/config/overrides", new { templateId = template.Id(), overrides = $"gateway: {{ id: {b.GetProperty("name").GetString()} }}" }, HttpStatusCode.OK);

        // An existing binding changes only with If-Match; an override the gateway loader refuses is a 422 with its path.
        await (await engineer.PutAsJsonAsync($"/api/devices/{a.Id()}/config/overrides", new { templateId = template.Id(), overrides = overridesA }))
            .AssertProblemAsync(HttpStatusCode.PreconditionRequired);
        using (var request = new HttpRequestMessage(HttpMethod.Put, $"/api/devices/{a.Id()}/config/overrides")
        {
            Content = JsonContent.Create(new { templateId = template.Id(), overrides = "devices:\n  - name: t101-h2s\n    unit_id: 300\n" }),
        })
        {
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            var invalid = await (await engineer.SendAsync(request)).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Contains(invalid.GetProperty("errors").EnumerateObject(), e => e.Name == "body.devices[1].unit_id");
        }

        var effectiveB = await viewer.GetOkAsync($"/api/devices/{b.Id()}/config/effective");
        Assert.True(effectiveB.GetProperty("valid").GetBoolean(), effectiveB.ToString());
        Assert.Equal(template.Id(), effectiveB.GetProperty("templateId").GetGuid());

        // Revisions from the template for the site: one per bound device, then nothing to do.
        string revisionsUrl = $"{templateUrl}/revisions";
        var first = await engineer.PostOkAsync(revisionsUrl, new { message = "farm template v1", siteId = site.Id() }, HttpStatusCode.OK);
        Assert.All(first.GetProperty("devices").EnumerateArray(), d =>
        {
            Assert.Equal("created", d.GetProperty("outcome").GetString());
            Assert.Equal(1, d.GetProperty("number").GetInt32());
            Assert.Equal("active", d.GetProperty("state").GetString());
        });
        Assert.Equal(2, first.GetProperty("devices").GetArrayLength());
        var revisionA = await viewer.GetOkAsync($"/api/devices/{a.Id()}/config/revisions/1");
        Assert.Equal(bodyA, revisionA.GetProperty("body").GetString());
        var again = await engineer.PostOkAsync(revisionsUrl, new { message = "again" }, HttpStatusCode.OK);
        Assert.All(again.GetProperty("devices").EnumerateArray(), d => Assert.Equal("unchanged", d.GetProperty("outcome").GetString()));

        // Two editors of the template: the second, on version 1, gets 412 naming it.
        var slower = FleetConfigFiles.TankFarmWith("poll_interval_s: 2", "poll_interval_s: 3");
        var updated = await engineer.PutOkAsync(templateUrl, new { name = "Farm gateways " + fleet.Provider, kind = "gateway", siteId = site.Id(), body = slower }, 1);
        Assert.Equal(2, updated.GetProperty("version").GetInt32());
        using (var request = new HttpRequestMessage(HttpMethod.Put, templateUrl)
        {
            Content = JsonContent.Create(new { name = "Farm gateways " + fleet.Provider, kind = "gateway", siteId = site.Id(), body = FleetConfigFiles.TankFarm }),
        })
        {
            request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            var stale = await (await engineer.SendAsync(request)).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
            Assert.Contains(template.Id().ToString(), stale.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("version 2", stale.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // A revision for one device only; the diff shows the template's change.
        var forB = await engineer.PostOkAsync(revisionsUrl, new { message = "slower level polling", deviceIds = new[] { b.Id() } }, HttpStatusCode.OK);
        var onlyB = Assert.Single(forB.GetProperty("devices").EnumerateArray());
        Assert.Equal(2, onlyB.GetProperty("number").GetInt32());
        var diff = await viewer.GetOkAsync($"/api/devices/{b.Id()}/config/diff?from=1&to=2");
        var change = Assert.Single(diff.GetProperty("changes").EnumerateArray());
        Assert.Equal("devices[t101-level].poll_interval_s", change.GetProperty("path").GetString());

        // The template drops hh: device a keeps its own hh (override), device b would lose it and is refused.
        var noHh = FleetConfigFiles.TankFarmWith(LevelLimits, "limits: { h: 11, l: 1.2, ll: 0.8 }");
        await engineer.PutOkAsync(templateUrl, new { name = "Farm gateways " + fleet.Provider, kind = "gateway", siteId = site.Id(), body = noHh }, 2);
        var mixed = await engineer.PostOkAsync(revisionsUrl, new { message = "hh per device" }, HttpStatusCode.OK);
        var outcomes = mixed.GetProperty("devices").EnumerateArray().ToDictionary(d => d.GetProperty("deviceId").GetGuid());
        Assert.Equal("created", outcomes[a.Id()].GetProperty("outcome").GetString());
        Assert.Equal("refused", outcomes[b.Id()].GetProperty("outcome").GetString());
        var rule = outcomes[b.Id()].GetProperty("problems")[0];
        Assert.Equal("alarm_removed", rule.GetProperty("rule").GetString());
        Assert.Equal("devices[3].tags[0].alarms.limits.hh", rule.GetProperty("path").GetString());

        // Kinds and use: a node cannot take a gateway template; a template in use cannot be deleted.
        var node = await engineer.PostOkAsync("/api/devices", new { siteId = site.Id(), name = "tpl-node-x-" + Suffix, kind = "node" });
        var wrongKind = await (await engineer.PutAsJsonAsync($"/api/devices/{node.Id()}/config/overrides", new { templateId = template.Id() })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(wrongKind.GetProperty("errors").TryGetProperty("templateId", out _), wrongKind.ToString());
        await (await engineer.DeleteAsync(templateUrl)).AssertProblemAsync(HttpStatusCode.Conflict);

        string templateKey = template.Id().ToString(), aKey = a.Id().ToString(), bKey = b.Id().ToString();
        var actions = await fleet.InSystemScopeAsync(sp => sp.GetRequiredService<FleetDbContext>().AuditEntries
            .Where(e => e.TenantId == fleet.Alpha.Id && e.EntityId == templateKey).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync());
        Assert.Equal(["config.template.create", "config.template.update", "config.template.update"], actions);
        var bindings = await fleet.InSystemScopeAsync(sp => sp.GetRequiredService<FleetDbContext>().AuditEntries
            .CountAsync(e => e.TenantId == fleet.Alpha.Id && e.Action == "config.overrides.set" && (e.EntityId == aKey || e.EntityId == bKey)));
        Assert.Equal(2, bindings);
    }

    [SkippableFact]
    public async Task A_node_config_is_validated_by_the_firmware_parser_and_follows_the_same_revision_flow()
    {
        using var engineer = fleet.Client(fleet.Alpha, FleetRole.Engineer);
        var site = await engineer.PostOkAsync("/api/sites", new { name = "Node farm " + fleet.Provider });
        var node = await engineer.PostOkAsync("/api/devices", new { siteId = site.Id(), name = "node-07-" + Suffix, kind = "node" });
        var template = await engineer.PostOkAsync("/api/config-templates", new { name = "LEL nodes " + fleet.Provider, kind = "node", body = NodeTemplate });
        var bad = await (await engineer.PostAsJsonAsync("/api/config-templates", new { name = "Not JSON " + fleet.Provider, kind = "node", body = "node: x" }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(bad.GetProperty("errors").TryGetProperty("body", out _), bad.ToString());

        var effective = await engineer.SendOkAsync(HttpMethod.Put, $"/api/devices/{node.Id()}/config/overrides",
            new { templateId = template.Id(), overrides = $$"""{"node":"{{node.GetProperty("name").GetString()}}","devices":[{"name":"t101-lel","unit":3}]}""" }, HttpStatusCode.OK);
        var document = JsonDocument.Parse(effective.GetProperty("body").GetString()!).RootElement;
        Assert.Equal(node.GetProperty("name").GetString(), document.GetProperty("node").GetString());
        Assert.Equal(3, document.GetProperty("devices")[0].GetProperty("unit").GetInt32());
        Assert.Equal(50, document.GetProperty("devices")[0].GetProperty("tags")[0].GetProperty("alarms").GetProperty("hh").GetDouble());
        Assert.Equal("%LEL", document.GetProperty("devices")[0].GetProperty("tags")[0].GetProperty("unit").GetString());

        var created = await engineer.PostOkAsync($"/api/config-templates/{template.Id()}/revisions", new { message = "node from template", deviceIds = new[] { node.Id() } }, HttpStatusCode.OK);
        Assert.Equal("created", created.GetProperty("devices")[0].GetProperty("outcome").GetString());
        string revisions = $"/api/devices/{node.Id()}/config/revisions";
        string body1 = (await engineer.GetOkAsync($"{revisions}/1")).GetProperty("body").GetString()!;

        // The firmware parser's error and key path; a gateway YAML is not a node config.
        var invalid = await (await engineer.PostAsJsonAsync(revisions, new { parent = 1, message = "bad type", body = body1.Replace("\"register\":40001", "\"register\":40001,\"type\":\"float\"", StringComparison.Ordinal) }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("body.devices[0].tags[0].type", out _), invalid.ToString());
        await (await engineer.PostAsJsonAsync(revisions, new { parent = 1, message = "yaml", body = FleetConfigFiles.TankFarm })).AssertProblemAsync(HttpStatusCode.UnprocessableEntity);

        // Safety: removing hh is refused unless marked; a lower h is a plain change with a field-level diff.
        var unsafeChange = await (await engineer.PostAsJsonAsync(revisions, new { parent = 1, message = "drop hh", body = body1.Replace(",\"hh\":50", "", StringComparison.Ordinal) }))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("alarm_removed", unsafeChange.GetProperty("problems")[0].GetProperty("rule").GetString());
        Assert.Equal("devices[0].tags[0].alarms.hh", unsafeChange.GetProperty("problems")[0].GetProperty("path").GetString());
        var lower = await engineer.PostOkAsync(revisions, new { parent = 1, message = "h 20 %LEL", body = body1.Replace("\"h\":25", "\"h\":20", StringComparison.Ordinal) });
        Assert.Equal("active", lower.GetProperty("state").GetString());
        var diff = await engineer.GetOkAsync($"/api/devices/{node.Id()}/config/diff?from=1&to=2");
        var change = Assert.Single(diff.GetProperty("changes").EnumerateArray());
        Assert.Equal("devices[t101-lel].tags[concentration].alarms.h", change.GetProperty("path").GetString());
    }
}

public sealed class SqliteTemplatesApiTests(SqliteFleet fleet) : TemplatesApiTests(fleet), IClassFixture<SqliteFleet>;

public sealed class PostgresTemplatesApiTests(PostgresFleet fleet) : TemplatesApiTests(fleet), IClassFixture<PostgresFleet>;
