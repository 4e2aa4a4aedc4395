using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Configs.Storage;

/// <summary>
/// Per device: what the server published (desired: the delivery revision in the envelope, monotonic per device, and the
/// body's sha256) and what the device last reported. The drift view compares the two. <see cref="ConfigKey"/> is the
/// 32-byte key configs are sealed with (until enrolment stores it on the device record).
/// </summary>
public sealed class DeviceConfigStateRow : ITenantOwned
{
    public Guid DeviceId { get; set; }
    public Guid TenantId { get; set; }
    public int DesiredRevision { get; set; }
    public string? DesiredSha256 { get; set; }
    public Guid? DesiredConfigRevisionId { get; set; }
    public DateTime? DesiredAt { get; set; }
    public int? ReportedRevision { get; set; }
    public string? ReportedSha256 { get; set; }
    public string? ReportedStatus { get; set; }
    public string? ReportedReason { get; set; }
    public DateTime? ReportedAt { get; set; }
    public byte[]? ConfigKey { get; set; }
}
