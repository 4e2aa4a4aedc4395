namespace EdgeSensors.Fleet.Data.Entities;

/// <summary>Which kind of registry row a label is attached to.</summary>
public enum LabelOwnerKind
{
    Tenant,
    Site,
    Area,
    Device,
    Tag,
}

/// <summary>A key/value label on a tenant, site, area, device or tag; one value per key and owner.</summary>
public sealed class Label : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public LabelOwnerKind OwnerKind { get; set; }
    public Guid OwnerId { get; set; }
    public required string Key { get; set; }
    public required string Value { get; set; }
}
