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
}
