using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Infrastructure;

namespace EdgeSensors.Fleet.Tests.Rollouts;

/// <summary>
/// Rollouts of node configs and from stored templates, end to end on one server: nodes run the portable node core
/// (<see cref="SimulatedNode"/>), gateways the gateway's receiver (<see cref="SimulatedGateway"/>), both on the embedded
/// broker. Each test uses its own site.
/// </summary>
public abstract class NodeAndTemplateRolloutTests(RolloutFleet fleet)
{
    /// <summary>A node config for every node of a rollout; its "node" is replaced by each node's own id.</summary>
    private const string NodeBody =
        """{"node":"fleet-wide","status_s":2,"devices":[{"name":"t101-lel","unit":1,"poll_ms":1000,"timeout_ms":100,"retries":0,"tags":[{"name":"concentration","register":40001,"scale":0.1,"unit":"%LEL","min":0,"max":100,"alarms":{"h":20,"hh":50}}]}]}""";

    private static readonly string LelDeadband = "devices:\n  - name: t101-lel\n    tags:\n      - name: concentration\n        deadband: { absolute: DEADBAND }\n";

    [SkippableFact]
    public async Task A_node_rollout_reaches_only_the_nodes_which_apply_it_with_their_own_id_and_a_gateway_rollout_only_the_gateways()
    {
        Guid site = await fleet.NewSiteAsync("rollout-nodes");
        EnrolledDevice node1 = await fleet.EnrolAsync(site, "nd-1", kind: "node");
        EnrolledDevice node2 = await fleet.EnrolAsync(site, "nd-2", kind: "node");
        EnrolledDevice gateway = await fleet.EnrolAsync(site, "nd-gw");
        await using SimulatedNode n1 = await fleet.RunNodeAsync(node1);
        await using SimulatedNode n2 = await fleet.RunNodeAsync(node2);
        await using SimulatedGateway g = await fleet.RunAsync(gateway);
        using HttpClient engineer = fleet.Engineer();

        JsonElement created = await engineer.PostOkAsync("/api/rollouts", new
        {
            name = "node h 20",
            message = "lower the LEL warning on the nodes",
            kind = "node",
            body = NodeBody,
            siteId = site,
            canaryPercent = 50,
            waves = new[] { 100 },
            soakSeconds = 1,
            staleFactor = 60,
            heartbeatTimeoutSeconds = 120,
        });
        Guid nodeRollout = created.GetProperty("rollout").GetProperty("id").GetGuid();
        Assert.Equal("node", created.GetProperty("rollout").GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("rollout").GetProperty("template").ValueKind);
        Assert.Equal(1000, created.GetProperty("rollout").GetProperty("declaredIntervalMs").GetInt64());

        JsonElement done = await fleet.WaitRolloutAsync(nodeRollout, r => r.GetProperty("rollout").GetProperty("status").GetString() is "completed" or "halted");

        Assert.True(done.GetProperty("rollout").GetProperty("status").GetString() == "completed", done.ToString());
        JsonElement[] taken = [.. done.GetProperty("devices").EnumerateArray()];
        Assert.Equal(["nd-1", "nd-2"], taken.Select(d => d.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.All(taken, d =>
        {
            Assert.Equal("in_sync", d.GetProperty("drift").GetString());
            Assert.Equal("applied", d.GetProperty("reportedStatus").GetString());
            Assert.Equal("sent", d.GetProperty("outcome").GetString());
        });

        // Each node's core applied the rollout's document with its own id (the core refuses another node's id).
        foreach (SimulatedNode node in new[] { n1, n2 })
        {
            Assert.Equal(1, node.Inspect(n => n.ConfigRevision));
            Assert.Equal(node.Id, node.Inspect(n => n.Config.NodeId));
            JsonElement applied = JsonDocument.Parse(Assert.Single(node.Applied)).RootElement;
            Assert.Equal(node.Id, applied.GetProperty("node").GetString());
            Assert.Equal(20, applied.GetProperty("devices")[0].GetProperty("tags")[0].GetProperty("alarms").GetProperty("h").GetDouble());
            Assert.Equal(2, applied.GetProperty("status_s").GetInt32());
        }

        // The gateway of the same site was not touched by the node rollout.
        Assert.Equal(0, (await engineer.GetOkAsync($"/api/devices/{gateway.RegistryId}/config/revisions")).GetArrayLength());
        Assert.False(File.Exists(g.ConfigPath));

        // A gateway rollout on the same site reaches the gateway only; the nodes keep revision 1.
        Guid gatewayRollout = (await engineer.PostOkAsync("/api/rollouts", new
        {
            name = "gateway deadband",
            message = "gateways only",
            body = RolloutFleet.Body("0.7"),
            siteId = site,
            canaryPercent = 50,
            waves = new[] { 100 },
            soakSeconds = 1,
            staleFactor = 60,
            heartbeatTimeoutSeconds = 120,
        })).GetProperty("rollout").GetProperty("id").GetGuid();
        JsonElement gatewaysDone = await fleet.WaitRolloutAsync(gatewayRollout, r => r.GetProperty("rollout").GetProperty("status").GetString() is "completed" or "halted");
        Assert.True(gatewaysDone.GetProperty("rollout").GetProperty("status").GetString() == "completed", gatewaysDone.ToString());
        Assert.Equal("gateway", gatewaysDone.GetProperty("rollout").GetProperty("kind").GetString());
        Assert.Equal(["nd-gw"], gatewaysDone.GetProperty("devices").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        Assert.Contains("id: nd-gw", await File.ReadAllTextAsync(g.ConfigPath), StringComparison.Ordinal);
        foreach (EnrolledDevice node in new[] { node1, node2 })
        {
            Assert.Equal(1, (await engineer.GetOkAsync($"/api/devices/{node.RegistryId}/config/revisions")).GetArrayLength());
        }

        Assert.Equal(1, n1.Inspect(n => n.ConfigRevision));
        Assert.Single(n2.Applied);
    }

    [SkippableFact]
    public async Task A_node_rollout_that_removes_an_alarm_a_node_runs_is_refused_by_the_node_safety_rules_and_halts_on_the_canary()
    {
        Guid site = await fleet.NewSiteAsync("rollout-node-safety");
        EnrolledDevice node = await fleet.EnrolAsync(site, "ns-1", kind: "node");
        using HttpClient engineer = fleet.Engineer();
        await engineer.PostOkAsync($"/api/devices/{node.RegistryId}/config/revisions", new { parent = 0, message = "first config", body = NodeBody.Replace("fleet-wide", "ns-1", StringComparison.Ordinal) });

        Guid rolloutId = (await engineer.PostOkAsync("/api/rollouts", new
        {
            name = "drop hh",
            message = "a change that removes the LEL high-high alarm",
            kind = "node",
            body = NodeBody.Replace(",\"hh\":50", "", StringComparison.Ordinal),
            siteId = site,
            canaryPercent = 50,
            waves = new[] { 100 },
            soakSeconds = 1,
            staleFactor = 60,
            heartbeatTimeoutSeconds = 120,
        })).GetProperty("rollout").GetProperty("id").GetGuid();

        JsonElement halted = await fleet.WaitRolloutAsync(rolloutId, r => r.GetProperty("rollout").GetProperty("status").GetString() != "running");

        Assert.Equal("halted", halted.GetProperty("rollout").GetProperty("status").GetString());
        string reason = halted.GetProperty("rollout").GetProperty("haltReason").GetString()!;
        Assert.Contains("ns-1", reason, StringComparison.Ordinal);
        Assert.Contains("alarm_removed", reason, StringComparison.Ordinal);
        Assert.Contains("devices[0].tags[0].alarms.hh", reason, StringComparison.Ordinal);
        Assert.Equal("held", Assert.Single(halted.GetProperty("devices").EnumerateArray()).GetProperty("outcome").GetString());
        Assert.Equal(1, (await engineer.GetOkAsync($"/api/devices/{node.RegistryId}/config/revisions")).GetArrayLength());
        await engineer.SendOkAsync(HttpMethod.Post, $"/api/rollouts/{rolloutId}/rollback", null, HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task A_template_rollout_sends_each_device_its_overrides_keeps_the_pinned_template_and_skips_a_device_whose_overrides_are_unsafe()
    {
        Guid site = await fleet.NewSiteAsync("rollout-template");
        EnrolledDevice d1 = await fleet.EnrolAsync(site, "tp-1");
        EnrolledDevice d2 = await fleet.EnrolAsync(site, "tp-2");
        EnrolledDevice d3 = await fleet.EnrolAsync(site, "tp-3");
        await using SimulatedGateway g1 = await fleet.RunAsync(d1);
        await using SimulatedGateway g2 = await fleet.RunAsync(d2);
        using HttpClient engineer = fleet.Engineer();

        // tp-3 runs a config with the level's hh alarm; its overrides remove that alarm (valid for the loader, refused by the safety rules).
        await engineer.PostOkAsync($"/api/devices/{d3.RegistryId}/config/revisions", new { parent = 0, message = "first config", body = ExampleConfig.For("tp-3", RolloutFleet.Body()) });
        JsonElement template = await engineer.PostOkAsync("/api/config-templates", new { name = "Template rollout gateways", kind = "gateway", siteId = site, body = RolloutFleet.Body("0.5") });
        string templateUrl = $"/api/config-templates/{template.Id()}";
        await engineer.SendOkAsync(HttpMethod.Put, $"/api/devices/{d1.RegistryId}/config/overrides", new { templateId = template.Id(), overrides = LelDeadband.Replace("DEADBAND", "0.7", StringComparison.Ordinal) }, HttpStatusCode.OK);
        await engineer.SendOkAsync(HttpMethod.Put, $"/api/devices/{d2.RegistryId}/config/overrides", new { templateId = template.Id(), overrides = LelDeadband.Replace("DEADBAND", "0.8", StringComparison.Ordinal) }, HttpStatusCode.OK);
        await engineer.SendOkAsync(HttpMethod.Put, $"/api/devices/{d3.RegistryId}/config/overrides",
            new { templateId = template.Id(), overrides = "devices:\n  - name: t101-level\n    tags:\n      - name: pv\n        alarms: { limits: { hh: ~ } }\n" }, HttpStatusCode.OK);

        JsonElement created = await engineer.PostOkAsync("/api/rollouts", new
        {
            name = "template v1",
            message = "per-device deadbands from the template",
            templateId = template.Id(),
            siteId = site,
            canaryPercent = 25,
            waves = new[] { 100 },
            soakSeconds = 2,
            staleFactor = 60,
            heartbeatTimeoutSeconds = 120,
        });
        Guid rolloutId = created.GetProperty("rollout").GetProperty("id").GetGuid();
        JsonElement pinned = created.GetProperty("rollout").GetProperty("template");
        Assert.Equal(template.Id(), pinned.GetProperty("id").GetGuid());
        Assert.Equal("Template rollout gateways", pinned.GetProperty("name").GetString());
        Assert.Equal(1, pinned.GetProperty("version").GetInt32());

        // Editing the template after the start changes nothing in the running rollout: it pinned version 1.
        await engineer.PutOkAsync(templateUrl, new { name = "Template rollout gateways", kind = "gateway", siteId = site, body = RolloutFleet.Body("0.5").Replace("poll_interval_s: 2", "poll_interval_s: 3", StringComparison.Ordinal) }, 1);

        JsonElement done = await fleet.WaitRolloutAsync(rolloutId, r => r.GetProperty("rollout").GetProperty("status").GetString() is "completed" or "halted");

        JsonElement rollout = done.GetProperty("rollout");
        Assert.True(rollout.GetProperty("status").GetString() == "completed", done.ToString());
        Assert.Equal(1, rollout.GetProperty("template").GetProperty("version").GetInt32());
        var devices = done.GetProperty("devices").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!);
        Assert.Equal(["tp-1", "tp-2", "tp-3"], devices.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, devices["tp-1"].GetProperty("wave").GetInt32());
        foreach (string sent in (string[])["tp-1", "tp-2"])
        {
            Assert.Equal("sent", devices[sent].GetProperty("outcome").GetString());
            Assert.Equal("in_sync", devices[sent].GetProperty("drift").GetString());
        }

        JsonElement skipped = devices["tp-3"];
        Assert.Equal("skipped", skipped.GetProperty("outcome").GetString());
        string reason = skipped.GetProperty("reason").GetString()!;
        Assert.Contains("tp-3", reason, StringComparison.Ordinal);
        Assert.Contains("alarm_removed", reason, StringComparison.Ordinal);
        Assert.Contains("devices[3].tags[0].alarms.limits.hh", reason, StringComparison.Ordinal);

        // What each gateway received and applied: the pinned template, its own id and its own overrides.
        string body1 = await File.ReadAllTextAsync(g1.ConfigPath);
        string body2 = await File.ReadAllTextAsync(g2.ConfigPath);
        Assert.Contains("id: tp-1", body1, StringComparison.Ordinal);
        Assert.Contains("absolute: 0.7", body1, StringComparison.Ordinal);
        Assert.DoesNotContain("absolute: 0.8", body1, StringComparison.Ordinal);
        Assert.Contains("id: tp-2", body2, StringComparison.Ordinal);
        Assert.Contains("absolute: 0.8", body2, StringComparison.Ordinal);
        Assert.DoesNotContain("absolute: 0.7", body2, StringComparison.Ordinal);
        foreach (string body in new[] { body1, body2 })
        {
            Assert.Contains("poll_interval_s: 2", body, StringComparison.Ordinal);
            Assert.DoesNotContain("poll_interval_s: 3", body, StringComparison.Ordinal);
        }

        Assert.Equal(body1, (await engineer.GetOkAsync($"/api/devices/{d1.RegistryId}/config/revisions/1")).GetProperty("body").GetString());

        // tp-3 kept its own config: no revision from the rollout.
        Assert.Equal(1, (await engineer.GetOkAsync($"/api/devices/{d3.RegistryId}/config/revisions")).GetArrayLength());
        using HttpClient admin = fleet.Admin();
        string audit = (await admin.GetOkAsync($"/api/audit?entityType=rollout&entityId={rolloutId}&limit=1000")).ToString();
        Assert.Contains("rollout.create", audit, StringComparison.Ordinal);
        Assert.Contains("Template rollout gateways", audit, StringComparison.Ordinal);
        Assert.Contains("skipped", audit, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_canary_whose_overrides_are_unsafe_halts_the_rollout_and_is_held_with_the_reason()
    {
        Guid site = await fleet.NewSiteAsync("rollout-template-canary");
        EnrolledDevice d1 = await fleet.EnrolAsync(site, "tc-1");
        EnrolledDevice d2 = await fleet.EnrolAsync(site, "tc-2");
        using HttpClient engineer = fleet.Engineer();
        await engineer.PostOkAsync($"/api/devices/{d1.RegistryId}/config/revisions", new { parent = 0, message = "first config", body = ExampleConfig.For("tc-1", RolloutFleet.Body()) });
        JsonElement template = await engineer.PostOkAsync("/api/config-templates", new { name = "Canary template", kind = "gateway", siteId = site, body = RolloutFleet.Body("0.5") });
        await engineer.SendOkAsync(HttpMethod.Put, $"/api/devices/{d1.RegistryId}/config/overrides",
            new { templateId = template.Id(), overrides = "devices:\n  - name: t101-level\n    tags:\n      - name: pv\n        alarms: { limits: { hh: ~ } }\n" }, HttpStatusCode.OK);

        Guid rolloutId = (await engineer.PostOkAsync("/api/rollouts", new
        {
            name = "unsafe canary",
            message = "the canary's overrides drop an alarm",
            templateId = template.Id(),
            siteId = site,
            canaryPercent = 50,
            waves = new[] { 100 },
            soakSeconds = 1,
            staleFactor = 60,
            heartbeatTimeoutSeconds = 120,
        })).GetProperty("rollout").GetProperty("id").GetGuid();

        JsonElement halted = await fleet.WaitRolloutAsync(rolloutId, r => r.GetProperty("rollout").GetProperty("status").GetString() != "running");

        Assert.Equal("halted", halted.GetProperty("rollout").GetProperty("status").GetString());
        string haltReason = halted.GetProperty("rollout").GetProperty("haltReason").GetString()!;
        Assert.Contains("tc-1", haltReason, StringComparison.Ordinal);
        Assert.Contains("alarm_removed", haltReason, StringComparison.Ordinal);
        JsonElement held = Assert.Single(halted.GetProperty("devices").EnumerateArray());
        Assert.Equal("tc-1", held.GetProperty("name").GetString());
        Assert.Equal("held", held.GetProperty("outcome").GetString());
        Assert.Contains("alarm_removed", held.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, (await engineer.GetOkAsync($"/api/devices/{d1.RegistryId}/config/revisions")).GetArrayLength());
        Assert.Equal(0, (await engineer.GetOkAsync($"/api/devices/{d2.RegistryId}/config/revisions")).GetArrayLength());
        await engineer.SendOkAsync(HttpMethod.Post, $"/api/rollouts/{rolloutId}/rollback", null, HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task Body_and_template_together_or_neither_another_tenants_or_the_wrong_kinds_template_are_refused_with_the_field()
    {
        Guid site = await fleet.NewSiteAsync("rollout-template-refusals");
        using HttpClient engineer = fleet.Engineer();
        JsonElement nodeTemplate = await engineer.PostOkAsync("/api/config-templates", new { name = "Refusal node template", kind = "node", body = NodeBody });
        using HttpClient betaEngineer = fleet.Client(fleet.Beta, FleetRole.Engineer);
        JsonElement betaTemplate = await betaEngineer.PostOkAsync("/api/config-templates", new { name = "Beta gateways", kind = "gateway", body = RolloutFleet.Body() });

        async Task<JsonElement> RefusedAsync(object request, string field)
        {
            using HttpResponseMessage response = await engineer.PostAsJsonAsync("/api/rollouts", request);
            JsonElement problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.True(problem.GetProperty("errors").EnumerateObject().Any(e => e.Name == field || e.Name.StartsWith(field + ".", StringComparison.Ordinal)),
                $"expected an error on {field}: {problem}");
            return problem;
        }

        await RefusedAsync(new { name = "both", message = "m", body = RolloutFleet.Body(), templateId = nodeTemplate.Id(), kind = "node", siteId = site, canaryPercent = 10, waves = new[] { 100 } }, "templateId");
        await RefusedAsync(new { name = "neither", message = "m", siteId = site, canaryPercent = 10, waves = new[] { 100 } }, "body");
        JsonElement foreign = await RefusedAsync(new { name = "beta's", message = "m", templateId = betaTemplate.Id(), siteId = site, canaryPercent = 10, waves = new[] { 100 } }, "templateId");
        Assert.DoesNotContain("Beta gateways", foreign.ToString(), StringComparison.Ordinal);
        JsonElement wrongKind = await RefusedAsync(new { name = "wrong kind", message = "m", templateId = nodeTemplate.Id(), siteId = site, canaryPercent = 10, waves = new[] { 100 } }, "templateId");
        Assert.Contains("node template", wrongKind.GetProperty("errors").GetProperty("templateId")[0].GetString(), StringComparison.Ordinal);

        // A template of one site rolls out to that site only.
        Guid otherSite = await fleet.NewSiteAsync("rollout-template-refusals-other");
        JsonElement siteTemplate = await engineer.PostOkAsync("/api/config-templates", new { name = "Other site gateways", kind = "gateway", siteId = otherSite, body = RolloutFleet.Body() });
        await RefusedAsync(new { name = "other site", message = "m", templateId = siteTemplate.Id(), siteId = site, canaryPercent = 10, waves = new[] { 100 } }, "siteId");

        // A node rollout is checked with the node's parser: a gateway YAML is refused, and so is a node document with a bad key, by its path.
        await RefusedAsync(new { name = "yaml to nodes", message = "m", kind = "node", body = RolloutFleet.Body(), siteId = site, canaryPercent = 10, waves = new[] { 100 } }, "body");
        await RefusedAsync(new { name = "bad node", message = "m", kind = "node", body = NodeBody.Replace("\"register\":40001", "\"register\":40001,\"type\":\"float\"", StringComparison.Ordinal), siteId = site, canaryPercent = 10, waves = new[] { 100 } },
            "body.devices[0].tags[0].type");
        Assert.DoesNotContain((await engineer.GetOkAsync("/api/rollouts")).EnumerateArray(), r => r.GetProperty("name").GetString() is "both" or "neither" or "beta's" or "wrong kind" or "other site" or "yaml to nodes" or "bad node");
    }
}

public sealed class SqliteNodeAndTemplateRolloutTests(SqliteRolloutFleet fleet) : NodeAndTemplateRolloutTests(fleet), IClassFixture<SqliteRolloutFleet>;

public sealed class PostgresNodeAndTemplateRolloutTests(PostgresRolloutFleet fleet) : NodeAndTemplateRolloutTests(fleet), IClassFixture<PostgresRolloutFleet>;
