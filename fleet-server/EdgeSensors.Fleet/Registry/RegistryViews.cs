using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Registry;

// What the registry API returns (and what the audit log stores as before/after).

public sealed record TenantView(Guid Id, string Name, IReadOnlyDictionary<string, string> Labels, DateTime CreatedAt);

public sealed record SiteView(Guid Id, string Name, string? Description, IReadOnlyDictionary<string, string> Labels,
    DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static SiteView Of(Site s, IReadOnlyDictionary<string, string> labels) =>
        new(s.Id, s.Name, s.Description, labels, s.CreatedAt, s.UpdatedAt, s.Version);
}

/// <summary>An area or tank; <c>overfillLevel</c> (with its unit) is set on tanks only.</summary>
public sealed record AreaView(Guid Id, Guid SiteId, string Name, AreaKind Kind, double? OverfillLevel, string? OverfillLevelUnit,
    IReadOnlyDictionary<string, string> Labels, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static AreaView Of(Area a, IReadOnlyDictionary<string, string> labels) =>
        new(a.Id, a.SiteId, a.Name, a.Kind, a.OverfillLevel, a.OverfillLevelUnit, labels, a.CreatedAt, a.UpdatedAt, a.Version);
}

/// <summary>A device with the versions it last reported (null until it reports).</summary>
public sealed record DeviceView(Guid Id, Guid SiteId, Guid? AreaId, string Name, DeviceKind Kind, string? SerialNumber,
    ReportedVersions Reported, DateTime? LastSeenAt, IReadOnlyDictionary<string, string> Labels, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static DeviceView Of(Device d, IReadOnlyDictionary<string, string> labels) =>
        new(d.Id, d.SiteId, d.AreaId, d.Name, d.Kind, d.SerialNumber,
            new ReportedVersions(d.HardwareVersion, d.FirmwareVersion, d.SoftwareVersion, d.VersionsReportedAt),
            d.LastSeenAt, labels, d.CreatedAt, d.UpdatedAt, d.Version);
}

public sealed record ReportedVersions(string? Hardware, string? Firmware, string? Software, DateTime? ReportedAt);

public sealed record TagView(Guid Id, Guid DeviceId, string Name, string? Unit, string? Description,
    IReadOnlyDictionary<string, string> Labels, DateTime CreatedAt, DateTime UpdatedAt, int Version)
{
    public static TagView Of(Tag t, IReadOnlyDictionary<string, string> labels) =>
        new(t.Id, t.DeviceId, t.Name, t.Unit, t.Description, labels, t.CreatedAt, t.UpdatedAt, t.Version);
}

/// <summary>One page of a list.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int Offset, int Limit);
