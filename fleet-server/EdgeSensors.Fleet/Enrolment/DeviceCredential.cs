using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Enrolment;

/// <summary>
/// A device's MQTT login and config key, one per enrolled device. <see cref="Username"/> is the device id on the wire
/// (topics {prefix}/{id}/..., client id), unique across all tenants because every tenant shares the broker.
/// </summary>
public sealed class DeviceCredential : ITenantOwned
{
    /// <summary>The registry device (devices.Id); also this row's key.</summary>
    public Guid DeviceId { get; set; }

    public Guid TenantId { get; set; }

    public required string Username { get; set; }

    /// <summary>SHA-256 (hex) of the current password; see EdgeSensors.Fleet.Broker.Access.DeviceSecret.</summary>
    public required string PasswordHash { get; set; }

    /// <summary>32 random bytes: the HMAC-SHA256 key the device verifies its signed configs with.</summary>
    public required byte[] ConfigKey { get; set; }

    /// <summary>1 at enrolment, +1 on every re-keying.</summary>
    public int Generation { get; set; }

    public DateTime IssuedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
