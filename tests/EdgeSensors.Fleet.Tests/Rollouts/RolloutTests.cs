using System.Net;
using System.Text.Json;
using EdgeSensors.Fleet.Tests.Infrastructure;

namespace EdgeSensors.Fleet.Tests.Rollouts;

/// <summary>
/// Rollouts end to end on one server: created through the API, run by the hosted engine, delivered sealed over the
/// embedded broker to simulated gateways that verify and apply them with the gateway's own receiver and report back.
/// Each test uses its own site, so the tests of a class do not target each other's devices.
/// </summary>
public abstract class RolloutTests(RolloutFleet fleet)
{
    [SkippableFact]
    public async Task A_rollout_reaches_every_matching_device_in_waves_and_takes_in_a_device_enrolled_after_its_start()
    {
        Guid site = await fleet.NewSiteAsync("rollout-waves");
        var devices = new List<EnrolledDevice>();
        var gateways = new List<SimulatedGateway>();
        try
        {
            foreach (string id in (string[])["rw-1", "rw-2", "rw-3", "rw-4"])
            {
                EnrolledDevice device = await fleet.EnrolAsync(site, id);
                devices.Add(device);
                gateways.Add(await fleet.RunAsync(device));
            }

            string body = RolloutFleet.Body("0.7");
            using HttpClient engineer = fleet.Engineer();
            JsonElement created = await engineer.PostOkAsync("/api/rollouts", new
            {
                name = "deadband 0.7",
                message = "less chatter from the LEL detector",
                body,
                siteId = site,
                canaryPercent = 25,
                waves = new[] { 50, 100 },
                soakSeconds = 3,
                staleFactor = 60,
                heartbeatTimeoutSeconds = 120,
            });
            Guid rolloutId = created.GetProperty("rollout").GetProperty("id").GetGuid();
            Assert.Equal("running", created.GetProperty("rollout").GetProperty("status").GetString());
            Assert.Equal(1000, created.GetProperty("rollout").GetProperty("declaredIntervalMs").GetInt64());

            await fleet.WaitRolloutAsync(rolloutId, r => r.GetProperty("devices").GetArrayLength() >= 1);
            EnrolledDevice late = await fleet.EnrolAsync(site, "rw-5");
            devices.Add(late);
            gateways.Add(await fleet.RunAsync(late));

            JsonElement done = await fleet.WaitRolloutAsync(rolloutId, r => r.GetProperty("rollout").GetProperty("status").GetString() is "completed" or "halted");

            Assert.True(done.GetProperty("rollout").GetProperty("status").GetString() == "completed", done.ToString());
            JsonElement[] taken = [.. done.GetProperty("devices").EnumerateArray()];
            Assert.Equal(["rw-1", "rw-2", "rw-3", "rw-4", "rw-5"], taken.Select(d => d.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
            Assert.All(taken, d => Assert.Equal("in_sync", d.GetProperty("drift").GetString()));
            Assert.All(taken, d => Assert.Equal("applied", d.GetProperty("reportedStatus").GetString()));
            Assert.Equal(0, taken.Single(d => d.GetProperty("name").GetString() == "rw-1").GetProperty("wave").GetInt32());
            Assert.Equal(3, taken.Select(d => d.GetProperty("wave").GetInt32()).Distinct().Count());
            foreach (SimulatedGateway gateway in gateways)
            {
                string applied = await File.ReadAllTextAsync(gateway.ConfigPath);
                Assert.Contains($"id: {gateway.Id}", applied, StringComparison.Ordinal);
                Assert.Contains("absolute: 0.7", applied, StringComparison.Ordinal);
            }

            JsonElement revisions = await engineer.GetOkAsync($"/api/devices/{late.RegistryId}/config/revisions");
            Assert.StartsWith("rollout deadband 0.7:", revisions.EnumerateArray().Last().GetProperty("message").GetString(), StringComparison.Ordinal);

            using HttpClient admin = fleet.Admin();
            string audit = (await admin.GetOkAsync($"/api/audit?entityType=rollout&entityId={rolloutId}&limit=1000")).ToString();
            Assert.Contains("rollout.create", audit, StringComparison.Ordinal);
            Assert.Contains("wave_started", audit, StringComparison.Ordinal);
            Assert.Contains("completed", audit, StringComparison.Ordinal);
            Assert.True((await admin.SendOkAsync(HttpMethod.Post, "/api/audit/verify", null, HttpStatusCode.OK)).GetProperty("valid").GetBoolean());
        }
        finally
        {
            foreach (SimulatedGateway gateway in gateways)
            {
                await gateway.DisposeAsync();
            }
        }
    }

    [SkippableFact]
    public async Task A_canary_that_rejects_the_config_halts_the_rollout_and_rollback_restores_the_previous_config()
    {
        Guid site = await fleet.NewSiteAsync("rollout-reject");
        var labels = new Dictionary<string, string> { ["ring"] = "reject" };
        EnrolledDevice wrongKey = await fleet.EnrolAsync(site, "rj-1", labels);
        EnrolledDevice good = await fleet.EnrolAsync(site, "rj-2", labels);
        EnrolledDevice untouched = await fleet.EnrolAsync(site, "rj-3", labels);
        await using SimulatedGateway g1 = await fleet.RunAsync(wrongKey, key: [.. Enumerable.Repeat((byte)7, 32)]);
        await using SimulatedGateway g2 = await fleet.RunAsync(good);
        await using SimulatedGateway g3 = await fleet.RunAsync(untouched);
        using HttpClient engineer = fleet.Engineer();
        string before = ExampleConfig.For("rj-2", RolloutFleet.Body());
        await engineer.PostOkAsync($"/api/devices/{good.RegistryId}/config/revisions", new { parent = 0, message = "first config", body = before });
        JsonElement first = await fleet.WaitDriftAsync(good.RegistryId, d => d.GetProperty("state").GetString() == "in_sync");
        string beforeSha = first.GetProperty("desiredSha256").GetString()!;

        JsonElement created = await engineer.PostOkAsync("/api/rollouts", new
        {
            name = "deadband 0.9",
            message = "try a wider deadband",
            body = RolloutFleet.Body("0.9"),
            labels = "ring=reject",
            canaryPercent = 50,
            waves = new[] { 100 },
            staleFactor = 60,
            heartbeatTimeoutSeconds = 120,
        });
        Guid rolloutId = created.GetProperty("rollout").GetProperty("id").GetGuid();
        JsonElement halted = await fleet.WaitRolloutAsync(rolloutId, r => r.GetProperty("rollout").GetProperty("status").GetString() != "running");

        JsonElement rollout = halted.GetProperty("rollout");
        Assert.Equal("halted", rollout.GetProperty("status").GetString());
        Assert.Contains("rj-1", rollout.GetProperty("haltReason").GetString(), StringComparison.Ordinal);
        Assert.Contains("bad signature", rollout.GetProperty("haltReason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(halted.GetProperty("devices").EnumerateArray(), d => d.GetProperty("name").GetString() == "rj-3");
        JsonElement rejected = halted.GetProperty("devices").EnumerateArray().Single(d => d.GetProperty("name").GetString() == "rj-1");
        Assert.Equal("rejected", rejected.GetProperty("drift").GetString());
        Assert.StartsWith("bad signature", rejected.GetProperty("reportedReason").GetString(), StringComparison.Ordinal);

        // rj-2 took the canary config; the rollback gives it the config from before, as a new delivery revision.
        await fleet.WaitDriftAsync(good.RegistryId, d => d.GetProperty("state").GetString() == "in_sync" && d.GetProperty("desiredSha256").GetString() != beforeSha);
        JsonElement rolledBack = await engineer.SendOkAsync(HttpMethod.Post, $"/api/rollouts/{rolloutId}/rollback", null, HttpStatusCode.OK);
        Assert.Equal("rolled_back", rolledBack.GetProperty("rollout").GetProperty("status").GetString());
        JsonElement restored = await fleet.WaitDriftAsync(good.RegistryId, d => d.GetProperty("state").GetString() == "in_sync" && d.GetProperty("desiredSha256").GetString() == beforeSha);
        Assert.Equal(3, restored.GetProperty("desiredRevision").GetInt32());
        Assert.Equal(before, await File.ReadAllTextAsync(g2.ConfigPath));
        Assert.False(File.Exists(g3.ConfigPath));

        using HttpResponseMessage again = await engineer.PostAsync($"/api/rollouts/{rolloutId}/rollback", null);
        await again.AssertProblemAsync(HttpStatusCode.Conflict);
        using HttpClient admin = fleet.Admin();
        string audit = (await admin.GetOkAsync($"/api/audit?entityType=rollout&entityId={rolloutId}&limit=1000")).ToString();
        Assert.Contains("rollout.rollback", audit, StringComparison.Ordinal);
        Assert.Contains("halted", audit, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task A_canary_that_goes_stale_halts_the_rollout()
    {
        Guid site = await fleet.NewSiteAsync("rollout-stale");
        EnrolledDevice quiet = await fleet.EnrolAsync(site, "st-1");
        EnrolledDevice other = await fleet.EnrolAsync(site, "st-2");
        await using SimulatedGateway g1 = await fleet.RunAsync(quiet);
        await using SimulatedGateway g2 = await fleet.RunAsync(other);
        g1.SendsTelemetry = false;
        using HttpClient engineer = fleet.Engineer();
        Guid rolloutId = (await engineer.PostOkAsync("/api/rollouts", new
        {
            name = "stale canary",
            message = "a canary that stops reporting",
            body = RolloutFleet.Body("0.6"),
            siteId = site,
            canaryPercent = 50,
            waves = new[] { 100 },
            soakSeconds = 600,
            staleFactor = 3,
        })).GetProperty("rollout").GetProperty("id").GetGuid();

        JsonElement halted = await fleet.WaitRolloutAsync(rolloutId, r => r.GetProperty("rollout").GetProperty("status").GetString() != "running");

        string reason = halted.GetProperty("rollout").GetProperty("haltReason").GetString()!;
        Assert.Equal("halted", halted.GetProperty("rollout").GetProperty("status").GetString());
        Assert.Contains("st-1 is stale", reason, StringComparison.Ordinal);
        Assert.Contains("3 x its 1 s interval", reason, StringComparison.Ordinal);
        Assert.Single(halted.GetProperty("devices").EnumerateArray());
    }

    [SkippableFact]
    public async Task A_canary_whose_alarm_evaluator_stops_halts_the_rollout()
    {
        Guid site = await fleet.NewSiteAsync("rollout-heartbeat");
        EnrolledDevice stuck = await fleet.EnrolAsync(site, "hb-1");
        await using SimulatedGateway g1 = await fleet.RunAsync(stuck);
        g1.EvaluatesAlarms = false;
        using HttpClient engineer = fleet.Engineer();
        Guid rolloutId = (await engineer.PostOkAsync("/api/rollouts", new
        {
            name = "stuck evaluator",
            message = "a canary whose alarm evaluator stops",
            body = RolloutFleet.Body("0.55"),
            siteId = site,
            canaryPercent = 50,
            waves = new[] { 100 },
            soakSeconds = 600,
            staleFactor = 100,
            heartbeatTimeoutSeconds = 2,
        })).GetProperty("rollout").GetProperty("id").GetGuid();

        JsonElement halted = await fleet.WaitRolloutAsync(rolloutId, r => r.GetProperty("rollout").GetProperty("status").GetString() != "running");

        Assert.Equal("halted", halted.GetProperty("rollout").GetProperty("status").GetString());
        Assert.Contains("hb-1 lost its alarm-evaluator heartbeat", halted.GetProperty("rollout").GetProperty("haltReason").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Pause_and_resume_are_refused_in_the_wrong_state_and_resume_finishes_the_rollout()
    {
        Guid site = await fleet.NewSiteAsync("rollout-pause");
        EnrolledDevice device = await fleet.EnrolAsync(site, "pz-1");
        await using SimulatedGateway gateway = await fleet.RunAsync(device);
        using HttpClient engineer = fleet.Engineer();
        Guid rolloutId = (await engineer.PostOkAsync("/api/rollouts", new
        {
            name = "pause me",
            message = "pause and resume",
            body = RolloutFleet.Body("0.65"),
            siteId = site,
            canaryPercent = 50,
            waves = new[] { 100 },
            soakSeconds = 3,
            staleFactor = 100,
        })).GetProperty("rollout").GetProperty("id").GetGuid();

        JsonElement paused = await engineer.SendOkAsync(HttpMethod.Post, $"/api/rollouts/{rolloutId}/pause", null, HttpStatusCode.OK);
        Assert.Equal("paused", paused.GetProperty("rollout").GetProperty("status").GetString());
        using (HttpResponseMessage twice = await engineer.PostAsync($"/api/rollouts/{rolloutId}/pause", null))
        {
            JsonElement problem = await twice.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("only a running rollout can be paused", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        JsonElement resumed = await engineer.SendOkAsync(HttpMethod.Post, $"/api/rollouts/{rolloutId}/resume", null, HttpStatusCode.OK);
        Assert.Equal("running", resumed.GetProperty("rollout").GetProperty("status").GetString());
        JsonElement done = await fleet.WaitRolloutAsync(rolloutId, r => r.GetProperty("rollout").GetProperty("status").GetString() != "running");
        Assert.Equal("completed", done.GetProperty("rollout").GetProperty("status").GetString());
        using HttpResponseMessage late = await engineer.PostAsync($"/api/rollouts/{rolloutId}/resume", null);
        await late.AssertProblemAsync(HttpStatusCode.Conflict);
        JsonElement list = await engineer.GetOkAsync("/api/rollouts");
        Assert.Contains(list.EnumerateArray(), r => r.GetProperty("id").GetGuid() == rolloutId && r.GetProperty("status").GetString() == "completed");
    }

    [SkippableFact]
    public async Task Invalid_and_overlapping_rollouts_are_refused_with_the_field_and_the_fix()
    {
        Guid site = await fleet.NewSiteAsync("rollout-refusals");
        using HttpClient engineer = fleet.Engineer();
        object Request(string body, int[] waves, Guid? siteId) => new { name = "r", message = "m", body, siteId, canaryPercent = 10, waves, soakSeconds = 600 };

        using (HttpResponseMessage response = await engineer.PostAsync("/api/rollouts", System.Net.Http.Json.JsonContent.Create(Request(RolloutFleet.Body().Replace("unit_id: 6", "unit_id: 300", StringComparison.Ordinal), [100], site))))
        {
            JsonElement problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.Contains(problem.GetProperty("errors").EnumerateObject(), e => e.Name.StartsWith("body.devices[", StringComparison.Ordinal) && e.Name.EndsWith("unit_id", StringComparison.Ordinal));
        }

        using (HttpResponseMessage response = await engineer.PostAsync("/api/rollouts", System.Net.Http.Json.JsonContent.Create(Request(RolloutFleet.Body(), [50], site))))
        {
            JsonElement problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.True(problem.GetProperty("errors").TryGetProperty("waves", out _), problem.ToString());
        }

        using (HttpResponseMessage response = await engineer.PostAsync("/api/rollouts", System.Net.Http.Json.JsonContent.Create(Request(RolloutFleet.Body(), [100], null))))
        {
            JsonElement problem = await response.AssertProblemAsync(HttpStatusCode.UnprocessableEntity);
            Assert.True(problem.GetProperty("errors").TryGetProperty("siteId", out _), problem.ToString());
        }

        await fleet.EnrolAsync(site, "ov-1");
        await engineer.PostOkAsync("/api/rollouts", Request(RolloutFleet.Body("0.8"), [100], site));
        using (HttpResponseMessage response = await engineer.PostAsync("/api/rollouts", System.Net.Http.Json.JsonContent.Create(Request(RolloutFleet.Body("0.85"), [100], site))))
        {
            JsonElement problem = await response.AssertProblemAsync(HttpStatusCode.Conflict);
            Assert.Contains("targets some of the same devices", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using HttpClient viewer = fleet.Client(fleet.Alpha, global::EdgeSensors.Fleet.Identity.FleetRole.Viewer);
        using HttpResponseMessage forbidden = await viewer.PostAsync("/api/rollouts", System.Net.Http.Json.JsonContent.Create(Request(RolloutFleet.Body(), [100], site)));
        await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class SqliteRolloutTests(SqliteRolloutFleet fleet) : RolloutTests(fleet), IClassFixture<SqliteRolloutFleet>;

public sealed class PostgresRolloutTests(PostgresRolloutFleet fleet) : RolloutTests(fleet), IClassFixture<PostgresRolloutFleet>;
