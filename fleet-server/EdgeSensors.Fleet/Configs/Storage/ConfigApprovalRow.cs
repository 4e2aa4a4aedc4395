using EdgeSensors.Fleet.Data.Entities;

namespace EdgeSensors.Fleet.Configs.Storage;

/// <summary>One approval of an alarm-impacting revision; (revision, approver) is unique, so nobody approves twice.</summary>
public sealed class ConfigApprovalRow : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid RevisionId { get; set; }

    /// <summary>The caller, as in the audit log ("user:NAME" or "apikey:NAME").</summary>
    public required string Approver { get; set; }
    public DateTime At { get; set; }
}
