using System.Net;
using System.Text.Json;
using EdgeSensors.Fleet.Admin;
using EdgeSensors.Fleet.Data;
using EdgeSensors.Fleet.Identity;
using EdgeSensors.Fleet.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeSensors.Fleet.Tests.Audit;

/// <summary>The hash-chained audit log: every change with who, what, when, before and after; tampering is detected.</summary>
public abstract class AuditLogTests(FleetFixture fleet)
{
    [SkippableFact]
    public async Task A_change_is_logged_with_actor_action_before_and_after_in_one_chain()
    {
        var tenant = await fleet.SeedTenantAsync("audit-" + Guid.NewGuid().ToString("N")[..8]);
        using var engineer = fleet.Client(tenant, FleetRole.Engineer);
        var site = await engineer.PostOkAsync("/api/sites", new { name = "Audit farm" });
        await engineer.PutOkAsync($"/api/sites/{site.Id()}", new { name = "Audit farm renamed" }, 1);
        await engineer.SendOkAsync(HttpMethod.Delete, $"/api/sites/{site.Id()}", null, HttpStatusCode.NoContent);

        var entries = (await engineer.GetOkAsync($"/api/audit?entityType=site&entityId={site.Id()}")).EnumerateArray().ToList();
        Assert.Equal(["site.create", "site.update", "site.delete"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal("user:" + tenant.Name + "-engineer", e.GetProperty("actor").GetString()));
        Assert.Equal(JsonValueKind.Null, entries[0].GetProperty("before").ValueKind);
        Assert.Equal("Audit farm", Field(entries[0], "after", "name"));
        Assert.Equal("Audit farm", Field(entries[1], "before", "name"));
        Assert.Equal("Audit farm renamed", Field(entries[1], "after", "name"));
        Assert.Equal(JsonValueKind.Null, entries[2].GetProperty("after").ValueKind);

        // The whole tenant chain: sequences 1..n, each entry linking to the previous hash.
        var chain = (await engineer.GetOkAsync("/api/audit?limit=1000")).EnumerateArray().ToList();
        for (var i = 0; i < chain.Count; i++)
        {
            Assert.Equal(i + 1, chain[i].GetProperty("sequence").GetInt64());
            Assert.Equal(i == 0 ? new string('0', 64) : chain[i - 1].GetProperty("hash").GetString(), chain[i].GetProperty("prevHash").GetString());
        }

        Assert.Contains(chain, e => e.GetProperty("action").GetString() == "user.create"
            && !e.GetProperty("after").GetString()!.Contains("password", StringComparison.OrdinalIgnoreCase));
        using var admin = fleet.Client(tenant, FleetRole.Admin);
        var verified = await admin.SendOkAsync(HttpMethod.Post, "/api/audit/verify", null, HttpStatusCode.OK);
        Assert.True(verified.GetProperty("valid").GetBoolean());
        Assert.Equal(chain.Count, verified.GetProperty("entriesChecked").GetInt64());
    }

    [SkippableFact]
    public async Task Editing_an_entry_in_the_database_is_detected_and_named()
    {
        var tenant = await fleet.SeedTenantAsync("tamper-" + Guid.NewGuid().ToString("N")[..8]);
        using var admin = fleet.Client(tenant, FleetRole.Admin);
        var site = await admin.PostOkAsync("/api/sites", new { name = "Honest farm" });
        await admin.PostOkAsync("/api/sites", new { name = "Later farm" });
        var entry = (await admin.GetOkAsync($"/api/audit?entityId={site.Id()}")).EnumerateArray().Single();
        var sequence = entry.GetProperty("sequence").GetInt64();

        // Someone with database access rewrites history.
        var forged = entry.GetProperty("after").GetString()!.Replace("Honest farm", "Forged farm", StringComparison.Ordinal);
        var changed = await fleet.InSystemScopeAsync(services => services.GetRequiredService<FleetDbContext>().Database
            .ExecuteSqlAsync($"UPDATE audit_entries SET \"After\" = {forged} WHERE \"TenantId\" = {tenant.Id} AND \"Sequence\" = {sequence}"));
        Assert.Equal(1, changed);

        var verified = await admin.SendOkAsync(HttpMethod.Post, "/api/audit/verify", null, HttpStatusCode.OK);
        Assert.False(verified.GetProperty("valid").GetBoolean());
        Assert.Equal(sequence, verified.GetProperty("brokenSequence").GetInt64());
        Assert.Contains($"entry {sequence} (site.create site {site.Id()}) was edited", verified.GetProperty("problem").GetString(), StringComparison.Ordinal);

        var output = new StringWriter();
        var exit = await AdminCli.RunAsync(["verify-audit", "--tenant", tenant.Name], CliSettings(), output, new StringWriter());
        Assert.Equal(AdminCli.AuditBroken, exit);
        Assert.Contains($"BROKEN tenant={tenant.Id} entry={sequence}", output.ToString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Deleting_an_entry_is_detected()
    {
        var tenant = await fleet.SeedTenantAsync("delete-" + Guid.NewGuid().ToString("N")[..8]);
        using var admin = fleet.Client(tenant, FleetRole.Admin);
        await admin.PostOkAsync("/api/sites", new { name = "Farm one" });
        await admin.PostOkAsync("/api/sites", new { name = "Farm two" });
        var removed = await fleet.InSystemScopeAsync(services => services.GetRequiredService<FleetDbContext>().Database
            .ExecuteSqlAsync($"DELETE FROM audit_entries WHERE \"TenantId\" = {tenant.Id} AND \"Sequence\" = 2"));
        Assert.Equal(1, removed);
        var verified = await admin.SendOkAsync(HttpMethod.Post, "/api/audit/verify", null, HttpStatusCode.OK);
        Assert.False(verified.GetProperty("valid").GetBoolean());
        Assert.Equal(2, verified.GetProperty("brokenSequence").GetInt64());
        Assert.Contains("entry 2 is missing", verified.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Concurrent_changes_keep_one_unbroken_chain()
    {
        var tenant = await fleet.SeedTenantAsync("busy-" + Guid.NewGuid().ToString("N")[..8]);
        using var engineer = fleet.Client(tenant, FleetRole.Engineer);
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            engineer.PostAsync("/api/sites", System.Net.Http.Json.JsonContent.Create(new { name = $"Busy farm {i}" }))));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        using var admin = fleet.Client(tenant, FleetRole.Admin);
        var verified = await admin.SendOkAsync(HttpMethod.Post, "/api/audit/verify", null, HttpStatusCode.OK);
        Assert.True(verified.GetProperty("valid").GetBoolean(), verified.ToString());
        Assert.Equal(1 + 4 + 16, verified.GetProperty("entriesChecked").GetInt64()); // tenant, 4 users, 16 sites
    }

    private Dictionary<string, string?> CliSettings() => new()
    {
        ["Fleet:Database:Provider"] = fleet.Provider.ToString(),
        ["ConnectionStrings:Fleet"] = fleet.ConnectionString,
    };

    private static string? Field(JsonElement entry, string side, string field) =>
        JsonDocument.Parse(entry.GetProperty(side).GetString()!).RootElement.GetProperty(field).GetString();
}

public sealed class SqliteAuditLogTests(SqliteFleet fleet) : AuditLogTests(fleet), IClassFixture<SqliteFleet>;

public sealed class PostgresAuditLogTests(PostgresFleet fleet) : AuditLogTests(fleet), IClassFixture<PostgresFleet>;
