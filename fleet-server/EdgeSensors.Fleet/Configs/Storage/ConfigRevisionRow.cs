using EdgeSensors.Fleet.Configs.Revisions;
using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Configs.Storage;

/// <summary>
/// One immutable revision of a device's config: number (1, 2, 3 ... per device; the unique (device, number) index is
/// the optimistic concurrency check), author, message, body, sha256, and the safety violations it was accepted with.
/// Only <see cref="State"/>, <see cref="ActivatedAt"/> change, when approvals activate it.
/// </summary>
public sealed class ConfigRevisionRow : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid DeviceId { get; set; }
    public int Number { get; set; }
    public required string Author { get; set; }
    public required string Message { get; set; }
    public required string Body { get; set; }
    public required string Sha256 { get; set; }
    public bool AlarmImpacting { get; set; }
    public RevisionState State { get; set; }

    /// <summary>JSON array of the safety problems (rule, path, message) an alarm-impacting revision was accepted with.</summary>
    public string? Violations { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ActivatedAt { get; set; }
}
