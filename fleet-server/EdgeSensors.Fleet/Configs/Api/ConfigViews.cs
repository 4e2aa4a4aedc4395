using EdgeSensors.Fleet.Configs.Diff;
using EdgeSensors.Fleet.Configs.Storage;
using EdgeSensors.Fleet.Configs.Validation;

namespace EdgeSensors.Fleet.Configs.Api;

/// <summary>A new revision: the revision it edits (<c>parent</c>, 0 for the first), a message, the YAML body, and whether the author declares it alarm-impacting.</summary>
public sealed record RevisionRequest(int Parent, string Message, string Body, bool AlarmImpacting = false);

/// <summary>A revision without its body, for lists.</summary>
public sealed record RevisionSummaryView(int Number, string Author, string Message, DateTime CreatedAt, string State, string Sha256, bool AlarmImpacting, DateTime? ActivatedAt)
{
    public static RevisionSummaryView Of(ConfigRevisionRow r) =>
        new(r.Number, r.Author, r.Message, r.CreatedAt, StateName(r), r.Sha256, r.AlarmImpacting, r.ActivatedAt);

    public static string StateName(ConfigRevisionRow r) => r.State == Revisions.RevisionState.Active ? "active" : "pending_approval";
}

/// <summary>One revision in full: body, the safety problems it was accepted with, and who approved it.</summary>
public sealed record RevisionView(Guid Id, Guid DeviceId, int Number, string Author, string Message, DateTime CreatedAt, string State, string Sha256,
    bool AlarmImpacting, DateTime? ActivatedAt, string Body, IReadOnlyList<ConfigProblem> Violations, IReadOnlyList<string> ApprovedBy);

/// <summary>The field-level diff of two revisions.</summary>
public sealed record DiffView(int From, int To, IReadOnlyList<FieldChange> Changes);

/// <summary>One device's desired config against its report.</summary>
public sealed record DriftDeviceView(Guid DeviceId, string Name, string State, int? DesiredRevision, string? DesiredSha256,
    int? ReportedRevision, string? ReportedSha256, string? ReportedStatus, string? ReportedReason, DateTime? ReportedAt);

/// <summary>The drift view of a site (or the tenant): every device and a count per state.</summary>
public sealed record DriftView(IReadOnlyList<DriftDeviceView> Devices, IReadOnlyDictionary<string, int> Summary);
