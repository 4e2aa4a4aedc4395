using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Configs.Storage;

/// <summary>
/// A config template: a whole config body for one device kind (gateway YAML or node JSON), for one site
/// (<see cref="SiteId"/>) or for every site of the tenant (null). Devices bound to it (<see cref="DeviceOverridesRow"/>)
/// get template + their overrides as their effective config.
/// </summary>
public sealed class ConfigTemplateRow : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>Which schema the body follows: a gateway's YAML site config or a node's compact JSON document.</summary>
    public DeviceKind Kind { get; set; }
    public Guid? SiteId { get; set; }
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token (the ETag; PUT needs If-Match).</summary>
    public int Version { get; set; } = 1;
}
