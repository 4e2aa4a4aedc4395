namespace EdgeSensors.Fleet.Data.Entities;

/// <summary>A row that belongs to one tenant; <see cref="FleetDbContext"/> filters every query on it by the caller's tenant.</summary>
public interface ITenantOwned
{
    Guid TenantId { get; set; }
}
