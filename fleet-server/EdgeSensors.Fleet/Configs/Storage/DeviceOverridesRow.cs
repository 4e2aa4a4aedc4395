using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Configs.Storage;

/// <summary>
/// Binds a device to a template and holds the device's overrides (a partial document merged over the template by
/// <see cref="Templates.TemplateMerge"/>). One per device.
/// </summary>
public sealed class DeviceOverridesRow : ITenantOwned
{
    public Guid DeviceId { get; set; }
    public Guid TenantId { get; set; }
    public Guid TemplateId { get; set; }

    /// <summary>The override document, same syntax as the template's body; empty means "the template as is".</summary>
    public required string Overrides { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token (the ETag; PUT needs If-Match when the binding exists).</summary>
    public int Version { get; set; } = 1;
}
