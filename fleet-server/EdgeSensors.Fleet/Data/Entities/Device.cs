namespace EdgeSensors.Fleet.Data.Entities;

/// <summary>A gateway (Raspberry Pi running edgesensors) or a node (ESP32 running the nanoFramework firmware).</summary>
public enum DeviceKind
{
    Gateway,
    Node,
}

/// <summary>A device of a site, optionally placed in an area or tank, with the versions it last reported.</summary>
public sealed class Device : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid SiteId { get; set; }
    public Guid? AreaId { get; set; }
    public required string Name { get; set; }
    public DeviceKind Kind { get; set; }
    public string? SerialNumber { get; set; }

    /// <summary>As reported by the device, never typed in by a user.</summary>
    public string? HardwareVersion { get; set; }
    public string? FirmwareVersion { get; set; }
    public string? SoftwareVersion { get; set; }
    public DateTime? VersionsReportedAt { get; set; }

    /// <summary>When the server last heard from the device (any message).</summary>
    public DateTime? LastSeenAt { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token: 1 when created, +1 on every change through the API (the ETag; PUT needs If-Match).</summary>
    public int Version { get; set; } = 1;
}
