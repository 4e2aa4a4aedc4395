using System.Net.Http.Json;
using System.Text.Json;

namespace EdgeSensors.Fleet.ApiLoad;

/// <summary>
/// A realistic registry through the API: 5 sites, 4 tanks each, gateways spread over them with 2 tags each and one
/// config revision each (the tank-farm YAML with the gateway's own id). Returns the ids the request mix reads.
/// </summary>
public static class FleetSeed
{
    public sealed record Seeded(IReadOnlyList<Guid> Sites, IReadOnlyList<Guid> Devices, IReadOnlyList<string> DeviceNames);

    public static async Task<Seeded> CreateAsync(HttpClient http, int deviceCount, string? configBody)
    {
        string run = Guid.NewGuid().ToString("N")[..6];
        var sites = new List<Guid>();
        for (int s = 0; s < 5; s++)
        {
            var site = await PostAsync(http, "/api/sites", new { name = $"Bench farm {run}-{s}", labels = new Dictionary<string, string> { ["region"] = s % 2 == 0 ? "north" : "south" } });
            sites.Add(site);
            for (int t = 0; t < 4; t++)
            {
                await PostAsync(http, "/api/areas", new { siteId = site, name = $"T-{s}{t:00}", kind = "tank", overfillLevel = 11.8, overfillLevelUnit = "m" });
            }
        }

        var devices = new List<Guid>();
        var names = new List<string>();
        for (int d = 0; d < deviceCount; d++)
        {
            string name = $"bench-{run}-gw-{d:0000}";
            var device = await PostAsync(http, "/api/devices", new { siteId = sites[d % sites.Count], name, kind = "gateway", serialNumber = $"SN-{run}-{d}", labels = new Dictionary<string, string> { ["line"] = (d % 7).ToString(System.Globalization.CultureInfo.InvariantCulture) } });
            await PostAsync(http, $"/api/devices/{device}/tags", new { name = "t101-level/pv", unit = "m" });
            await PostAsync(http, $"/api/devices/{device}/tags", new { name = "t101-lel/concentration", unit = "%LEL" });
            if (configBody is not null)
            {
                string body = configBody.Replace("id: tank-farm-sim", "id: " + name, StringComparison.Ordinal);
                await PostAsync(http, $"/api/devices/{device}/config/revisions", new { parent = 0, message = "bench seed", body });
            }

            devices.Add(device);
            names.Add(name);
        }

        return new Seeded(sites, devices, names);
    }

    private static async Task<Guid> PostAsync(HttpClient http, string url, object body)
    {
        using var response = await http.PostAsJsonAsync(url, body);
        string text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"seeding POST {url} failed: {(int)response.StatusCode} {text}");
        }

        using var document = JsonDocument.Parse(text);
        return document.RootElement.TryGetProperty("id", out var id) ? id.GetGuid() : Guid.Empty;
    }
}
