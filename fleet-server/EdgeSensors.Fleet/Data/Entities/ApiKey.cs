using EdgeSensors.Fleet.Identity;

namespace EdgeSensors.Fleet.Data.Entities;

/// <summary>A key for automation; only the SHA-256 of the secret is stored, the secret is shown once at creation.</summary>
public sealed class ApiKey : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public FleetRole Role { get; set; }

    /// <summary>Lower-case hex SHA-256 of the whole token.</summary>
    public required string SecretHash { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ExpiresAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
