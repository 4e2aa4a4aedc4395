namespace EdgeSensors.Fleet.Data.Entities;

/// <summary>A measured value of a device (a tank level, a gas concentration), named as in the device's config.</summary>
public sealed class Tag : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid DeviceId { get; set; }
    public required string Name { get; set; }
    public string? Unit { get; set; }
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token: 1 when created, +1 on every change through the API (the ETag; PUT needs If-Match).</summary>
    public int Version { get; set; } = 1;
}
