namespace EdgeSensors.Fleet.Data.Entities;

/// <summary>
/// One change, chained per tenant: <see cref="Hash"/> = SHA-256 over the entry's fields and <see cref="PrevHash"/>,
/// so an edited, inserted or deleted row breaks every hash after it.
/// </summary>
public sealed class AuditEntry : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }

    /// <summary>1, 2, 3 ... within the tenant; unique, so two writers cannot fork the chain.</summary>
    public long Sequence { get; set; }
    public DateTime At { get; set; }

    /// <summary>"user:NAME", "apikey:NAME" or "system:..." for the CLI and bootstrap.</summary>
    public required string Actor { get; set; }

    /// <summary>What happened, e.g. "site.create", "user.update".</summary>
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public required string EntityId { get; set; }

    /// <summary>JSON of the entity before and after the change; null on create and delete respectively.</summary>
    public string? Before { get; set; }
    public string? After { get; set; }
    public required string PrevHash { get; set; }
    public required string Hash { get; set; }
}
