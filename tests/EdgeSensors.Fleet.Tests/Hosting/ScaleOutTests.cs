using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Infrastructure;

namespace EdgeSensors.Fleet.Tests.Hosting;

/// <summary>Two server instances on one database behave as one: no state that matters lives in a process.</summary>
public abstract class ScaleOutTests(FleetFixture fleet)
{
    [SkippableFact]
    public async Task A_session_from_one_instance_works_and_ends_on_the_other()
    {
        await using var second = fleet.NewInstance();
        var token = await ProbeData.SignInAsync(fleet, fleet.Alpha, FleetRole.Engineer); // signed in on the first
        using var onSecond = second.CreateClient();
        onSecond.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var site = await onSecond.PostOkAsync("/api/sites", new { name = "Scale farm" });
        using var onFirst = fleet.ClientWithToken(token);
        Assert.Equal("Scale farm", (await onFirst.GetOkAsync($"/api/sites/{site.Id()}")).GetProperty("name").GetString());

        await onFirst.SendOkAsync(HttpMethod.Post, "/api/auth/sign-out", null, HttpStatusCode.NoContent);
        await (await onSecond.GetAsync("/api/sites")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Changes_through_both_instances_at_once_keep_one_audit_chain()
    {
        var tenant = await fleet.SeedTenantAsync("scale-" + Guid.NewGuid().ToString("N")[..8]);
        await using var second = fleet.NewInstance();
        using var first = fleet.Client(tenant, FleetRole.Engineer);
        using var other = second.CreateClient();
        other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.Tokens[FleetRole.Engineer]);
        var writes = Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? first : other)
            .PostAsync("/api/sites", JsonContent.Create(new { name = $"Scale site {i}" })));
        var responses = await Task.WhenAll(writes);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));

        using var admin = fleet.Client(tenant, FleetRole.Admin);
        var verified = await admin.SendOkAsync(HttpMethod.Post, "/api/audit/verify", null, HttpStatusCode.OK);
        Assert.True(verified.GetProperty("valid").GetBoolean(), verified.ToString());
        Assert.Equal(1 + 4 + 20, verified.GetProperty("entriesChecked").GetInt64());
    }
}

public sealed class SqliteScaleOutTests(SqliteFleet fleet) : ScaleOutTests(fleet), IClassFixture<SqliteFleet>;

public sealed class PostgresScaleOutTests(PostgresFleet fleet) : ScaleOutTests(fleet), IClassFixture<PostgresFleet>;
