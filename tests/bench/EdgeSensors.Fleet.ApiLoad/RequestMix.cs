namespace EdgeSensors.Fleet.ApiLoad;

/// <summary>
/// What operators' screens and scripts read, in proportion: registry list and search 30 %, device get 25 %, config
/// revision get 20 %, site list 10 %, drift per site 15 %. Deterministic for a given seed.
/// </summary>
public sealed class RequestMix(FleetSeed.Seeded seeded, int seed = 42)
{
    private readonly Random _random = new(seed);

    public (string Kind, string Url) Next()
    {
        int roll = _random.Next(100);
        Guid device = seeded.Devices[_random.Next(seeded.Devices.Count)];
        Guid site = seeded.Sites[_random.Next(seeded.Sites.Count)];
        return roll switch
        {
            < 15 => ("registry.list", $"/api/devices?siteId={site}&limit=50"),
            < 30 => ("registry.search", $"/api/devices?q={Uri.EscapeDataString(seeded.DeviceNames[_random.Next(seeded.DeviceNames.Count)][^7..])}&label=line%3D{_random.Next(7)}&limit=20"),
            < 55 => ("device.get", $"/api/devices/{device}"),
            < 75 => ("config.get", $"/api/devices/{device}/config/revisions/1"),
            < 85 => ("sites.list", "/api/sites?limit=100"),
            _ => ("drift", $"/api/configs/drift?siteId={site}"),
        };
    }
}
