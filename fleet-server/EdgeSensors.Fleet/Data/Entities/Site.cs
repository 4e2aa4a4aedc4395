namespace EdgeSensors.Fleet.Data.Entities;

/// <summary>A plant or tank farm of a tenant.</summary>
public sealed class Site : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token: 1 when created, +1 on every change through the API (the ETag; PUT needs If-Match).</summary>
    public int Version { get; set; } = 1;
}
