using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Enrolment;

/// <summary>
/// A secret a technician types into `edgesensors enroll`: bound to a site, usable <see cref="MaxUses"/> times until
/// <see cref="ExpiresAt"/>. A token bound to a <see cref="DeviceId"/> re-keys that one device (credential rotation).
/// Only the SHA-256 of the token is stored.
/// </summary>
public sealed class EnrolmentToken : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid SiteId { get; set; }

    /// <summary>Set for a re-enrolment (rotation) token: it re-keys this device and no other.</summary>
    public Guid? DeviceId { get; set; }

    public required string TokenHash { get; set; }
    public int MaxUses { get; set; }

    /// <summary>Incremented atomically by each enrolment (UPDATE ... WHERE Uses &lt; MaxUses).</summary>
    public int Uses { get; set; }

    public DateTime ExpiresAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
