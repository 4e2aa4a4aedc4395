using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Configs;
using EdgeSensors.Fleet.Tests.Infrastructure;

namespace EdgeSensors.Fleet.Tests.Registry;

/// <summary>
/// Optimistic concurrency: registry rows carry a version (ETag); a change needs If-Match; two editors on one version:
/// one wins, the other gets 412 naming the resource, also when their requests run at the same moment on two instances.
/// </summary>
public abstract class ConcurrencyTests(FleetFixture fleet)
{
    [SkippableFact]
    public async Task Two_editors_of_one_version_the_second_gets_412_naming_the_resource()
    {
        using var first = fleet.Client(fleet.Alpha, FleetRole.Engineer);
        using var second = fleet.Client(fleet.Alpha, FleetRole.Admin);
        var site = await first.PostOkAsync("/api/sites", new { name = "Editors farm " + fleet.Provider });
        var tank = await first.PostOkAsync("/api/areas", new { siteId = site.Id(), name = "T-9", kind = "tank" });
        var device = await first.PostOkAsync("/api/devices", new { siteId = site.Id(), name = "editors-gw-" + fleet.Provider, kind = "gateway" });
        var tag = await first.PostOkAsync($"/api/devices/{device.Id()}/tags", new { name = "t9/pv", unit = "m" });
        var edits = new (string Url, string What, object One, object Two)[]
        {
            ($"/api/sites/{site.Id()}", "site", new { name = "Editors farm A " + fleet.Provider }, new { name = "Editors farm B " + fleet.Provider }),
            ($"/api/areas/{tank.Id()}", "area or tank", new { siteId = site.Id(), name = "T-9a", kind = "tank" }, new { siteId = site.Id(), name = "T-9b", kind = "tank" }),
            ($"/api/devices/{device.Id()}", "device", new { siteId = site.Id(), name = "editors-gw-a-" + fleet.Provider, kind = "gateway" }, new { siteId = site.Id(), name = "editors-gw-b-" + fleet.Provider, kind = "gateway" }),
            ($"/api/tags/{tag.Id()}", "tag", new { name = "t9/pv", unit = "mm" }, new { name = "t9/pv", unit = "cm" }),
        };
        foreach (var (url, what, one, two) in edits)
        {
            // Both read version 1.
            using var read = await second.GetAsync(url);
            Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
            Assert.Equal(1, (await read.ReadJsonAsync()).GetProperty("version").GetInt32());

            var won = await first.PutOkAsync(url, one, 1);
            Assert.Equal(2, won.GetProperty("version").GetInt32());
            var stale = await (await PutAsync(second, url, two, "\"1\"")).AssertProblemAsync(HttpStatusCode.PreconditionFailed);
            Assert.StartsWith(what + " ", stale.GetProperty("detail").GetString(), StringComparison.Ordinal);
            Assert.Contains("version 2", stale.GetProperty("detail").GetString(), StringComparison.Ordinal);
            await (await PutAsync(second, url, two, null)).AssertProblemAsync(HttpStatusCode.PreconditionRequired);
            await (await PutAsync(second, url, two, "*")).AssertProblemAsync(HttpStatusCode.PreconditionRequired);

            // Read again, redo: accepted.
            using var reread = await second.GetAsync(url);
            Assert.Equal("\"2\"", reread.Headers.ETag?.Tag);
            Assert.Equal(3, (await second.PutOkAsync(url, two, 2)).GetProperty("version").GetInt32());
        }
    }

    [SkippableFact]
    public async Task Simultaneous_changes_of_one_version_through_two_instances_let_exactly_one_through()
    {
        await using var other = fleet.NewInstance();
        using var one = fleet.Client(fleet.Alpha, FleetRole.Engineer);
        using var two = other.CreateClient();
        two.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fleet.Alpha.Tokens[FleetRole.Engineer]);
        var site = await one.PostOkAsync("/api/sites", new { name = "Race farm " + fleet.Provider });
        for (int round = 1; round <= 3; round++)
        {
            var attempts = Enumerable.Range(0, 8).Select(i => PutAsync(i % 2 == 0 ? one : two, $"/api/sites/{site.Id()}",
                new { name = $"Race farm {fleet.Provider} r{round} e{i}" }, $"\"{round}\""));
            var responses = await Task.WhenAll(attempts);
            var statuses = responses.Select(r => r.StatusCode).ToList();
            Assert.True(statuses.Count(s => s == HttpStatusCode.OK) == 1, "round " + round + ": " + string.Join(", ", statuses));
            Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.PreconditionFailed, s));
            foreach (var loser in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
            {
                var problem = await loser.AssertProblemAsync(HttpStatusCode.PreconditionFailed);
                Assert.Contains(site.Id().ToString(), problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
            }

            Assert.Equal(round + 1, (await one.GetOkAsync($"/api/sites/{site.Id()}")).GetProperty("version").GetInt32());
        }
    }

    [SkippableFact]
    public async Task Simultaneous_revisions_on_one_config_head_through_two_instances_create_exactly_one()
    {
        await using var other = fleet.NewInstance();
        using var one = fleet.Client(fleet.Alpha, FleetRole.Engineer);
        using var two = other.CreateClient();
        two.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fleet.Alpha.Tokens[FleetRole.Engineer]);
        var site = await one.PostOkAsync("/api/sites", new { name = "Head farm " + fleet.Provider });
        var device = await one.PostOkAsync("/api/devices", new { siteId = site.Id(), name = "head-gw-" + fleet.Provider, kind = "gateway" });
        string revisions = $"/api/devices/{device.Id()}/config/revisions";
        await one.PostOkAsync(revisions, new { parent = 0, message = "first", body = FleetConfigFiles.TankFarm });
        var attempts = Enumerable.Range(0, 6).Select(i => (i % 2 == 0 ? one : two).PostAsJsonAsync(revisions,
            new { parent = 1, message = $"editor {i}", body = FleetConfigFiles.TankFarmWith("poll_interval_s: 2", $"poll_interval_s: {3 + i}") }));
        var statuses = (await Task.WhenAll(attempts)).Select(r => r.StatusCode).ToList();
        Assert.True(statuses.Count(s => s == HttpStatusCode.Created) == 1, string.Join(", ", statuses));
        Assert.All(statuses.Where(s => s != HttpStatusCode.Created), s => Assert.Equal(HttpStatusCode.Conflict, s));
        Assert.Equal(2, (await one.GetOkAsync(revisions)).GetArrayLength());
        var drift = await one.GetOkAsync($"/api/configs/drift?siteId={site.Id()}");
        Assert.Equal(2, drift.GetProperty("devices")[0].GetProperty("desiredRevision").GetInt32());
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string url, object body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request);
    }
}

public sealed class SqliteConcurrencyTests(SqliteFleet fleet) : ConcurrencyTests(fleet), IClassFixture<SqliteFleet>;

public sealed class PostgresConcurrencyTests(PostgresFleet fleet) : ConcurrencyTests(fleet), IClassFixture<PostgresFleet>;
