using EdgeSensors.Fleet.Identity;

namespace EdgeSensors.Fleet.Data.Entities;

/// <summary>A person who signs in. User names are unique across tenants, so sign-in needs no tenant name.</summary>
public sealed class User : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string UserName { get; set; }
    public FleetRole Role { get; set; }

    /// <summary>ASP.NET Core Identity's PasswordHasher format (PBKDF2, salted, versioned).</summary>
    public required string PasswordHash { get; set; }
    public bool Disabled { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
