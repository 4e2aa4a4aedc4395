namespace EdgeSensors.Fleet.Identity;

/// <summary>
/// The tenant whose rows this request (or CLI command) may see. Scoped: set once by authentication, read by
/// <see cref="Data.FleetDbContext"/>'s query filter. With no tenant set, every tenant-owned query returns nothing.
/// </summary>
public sealed class CurrentTenant
{
    public Guid? TenantId { get; private set; }

    /// <summary>True only for trusted system work (sign-in lookup, CLI, bootstrap) that must cross tenants.</summary>
    public bool AllTenants { get; private set; }

    public void Set(Guid tenantId)
    {
        if (TenantId is { } existing && existing != tenantId)
        {
            throw new InvalidOperationException($"The tenant of this scope is already {existing}; it cannot change to {tenantId}.");
        }

        TenantId = tenantId;
    }

    /// <summary>Lets queries in this scope cross tenants; for system code only, never for a request's caller.</summary>
    public void EnterSystemScope() => AllTenants = true;
}
