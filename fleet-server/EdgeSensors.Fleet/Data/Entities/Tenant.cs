namespace EdgeSensors.Fleet.Data.Entities;

/// <summary>A company: the top of the hierarchy and the unit of isolation (users see only their own tenant).</summary>
public sealed class Tenant
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public DateTime CreatedAt { get; set; }
}
