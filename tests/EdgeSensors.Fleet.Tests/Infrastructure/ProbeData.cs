using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeSensors.Fleet.Identity;

namespace EdgeSensors.Fleet.Tests.Infrastructure;

/// <summary>
/// A fresh site, tank, device, tag, user and API key in a tenant, named with a marker string, for walks over every
/// endpoint: <see cref="IdFor"/> maps route and body field names (siteId, areaId, ...) to these ids.
/// </summary>
public sealed class ProbeData
{
    private readonly Dictionary<string, Guid> _ids = new(StringComparer.OrdinalIgnoreCase);

    public required string Marker { get; init; }

    public IReadOnlyCollection<Guid> Ids => _ids.Values;

    public Guid? IdFor(string name) => _ids.TryGetValue(name, out var id) ? id : null;

    /// <summary>
    /// The value for a route parameter: a probe id for a known name; otherwise by its constraint (int/long: 1, guid or a
    /// name ending in "id": a new id), else "probe".
    /// </summary>
    public string RouteValue(string name, string constraint) =>
        IdFor(name)?.ToString()
        ?? (constraint.StartsWith("int", StringComparison.Ordinal) || constraint.StartsWith("long", StringComparison.Ordinal) ? "1"
            : constraint.StartsWith("guid", StringComparison.Ordinal) || name.EndsWith("id", StringComparison.OrdinalIgnoreCase) ? Guid.NewGuid().ToString()
            : "probe");

    public static async Task<ProbeData> CreateAsync(FleetFixture fleet, TestTenant tenant)
    {
        var marker = $"{tenant.Name}-secret-{Guid.NewGuid():N}";
        using var admin = fleet.Client(tenant, FleetRole.Admin);
        var probe = new ProbeData { Marker = marker };
        var site = await admin.PostOkAsync("/api/sites", new { name = marker + "-site", description = marker, labels = new { marker = "m" } });
        var area = await admin.PostOkAsync("/api/areas", new { siteId = site.Id(), name = marker + "-tank", kind = "tank", overfillLevel = 9.0, overfillLevelUnit = "m" });
        var device = await admin.PostOkAsync("/api/devices", new { siteId = site.Id(), areaId = area.Id(), name = marker + "-gw", kind = "gateway", serialNumber = marker });
        var tag = await admin.PostOkAsync($"/api/devices/{device.Id()}/tags", new { name = marker + "-level", unit = "m", description = marker });
        var user = await admin.PostOkAsync("/api/users", new { userName = marker + "-user", role = "viewer", password = FleetFixture.Password });
        var key = await admin.PostOkAsync("/api/api-keys", new { name = marker + "-key", role = "viewer" });
        probe._ids["tenantId"] = tenant.Id;
        probe._ids["siteId"] = site.Id();
        probe._ids["areaId"] = area.Id();
        probe._ids["deviceId"] = device.Id();
        probe._ids["tagId"] = tag.Id();
        probe._ids["userId"] = user.Id();
        probe._ids["keyId"] = key.GetProperty("key").Id();
        return probe;
    }

    /// <summary>Everything the tenant's admin can read, as text: compared before and after another tenant's walk.</summary>
    public static async Task<string> SnapshotAsync(FleetFixture fleet, TestTenant tenant, string adminToken)
    {
        using var admin = fleet.ClientWithToken(adminToken);
        var parts = new List<string>();
        foreach (var url in new[] { "/api/tenant", "/api/sites?limit=1000", "/api/areas?limit=1000", "/api/devices?limit=1000", "/api/tags?limit=1000", "/api/users", "/api/api-keys", "/api/audit?limit=1000" })
        {
            var response = await admin.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{tenant.Name} snapshot {url}: {(int)response.StatusCode}");
            parts.Add(url + " " + await response.Content.ReadAsStringAsync());
        }

        return string.Join('\n', parts);
    }

    /// <summary>A new session of the tenant's user of <paramref name="role"/> (walks may sign out).</summary>
    public static async Task<string> SignInAsync(FleetFixture fleet, TestTenant tenant, FleetRole role)
    {
        using var anonymous = fleet.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/auth/sign-in",
            new { userName = $"{tenant.Name}-{role.ToString().ToLowerInvariant()}", password = FleetFixture.Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("token").GetString()!;
    }
}
