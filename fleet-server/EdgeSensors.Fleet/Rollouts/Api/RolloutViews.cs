using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Rollouts.Storage;

namespace EdgeSensors.Fleet.Rollouts.Api;

/// <summary>
/// A new rollout: what every targeted device gets, the target and the plan. Give exactly one of <paramref name="Body"/>
/// (one config for all) and <paramref name="TemplateId"/> (a stored template of the same kind, pinned at creation, merged
/// with each device's overrides); either way each device gets its own identity (gateway.id, or the node's "node").
/// </summary>
/// <param name="Name">Name of the rollout, for people.</param>
/// <param name="Message">What the rollout changes and why; each device's revision carries it.</param>
/// <param name="CanaryPercent">Wave 0: this % of the matching devices (at least one).</param>
/// <param name="Waves">Cumulative % of the matching devices after the canary, ending with 100.</param>
/// <param name="Body">The config every device gets: a gateway's YAML site config, or a node's JSON document (by <paramref name="Kind"/>). Not with <paramref name="TemplateId"/>.</param>
/// <param name="TemplateId">A config template of <paramref name="Kind"/> (GET /api/config-templates); each device gets it merged with its own overrides. Not with <paramref name="Body"/>.</param>
/// <param name="Kind">Which devices it targets: "gateway" (the default) or "node".</param>
/// <param name="SiteId">Target: devices of this site.</param>
/// <param name="Labels">Target: devices whose labels match this selector ("k=v,k2").</param>
/// <param name="SoakSeconds">Time after the last device of a wave applied before the next wave starts, in s.</param>
/// <param name="StaleFactor">A device is stale after this many times its declared telemetry interval without telemetry.</param>
/// <param name="HeartbeatTimeoutSeconds">A device whose alarm-evaluator heartbeat does not advance for this long (s) halts the rollout.</param>
public sealed record RolloutRequest(string Name, string Message, int CanaryPercent, int[] Waves, string? Body = null, Guid? TemplateId = null,
    DeviceKind Kind = DeviceKind.Gateway, Guid? SiteId = null, string? Labels = null, int SoakSeconds = 60, int StaleFactor = 3, int HeartbeatTimeoutSeconds = 30);

/// <summary>The template a rollout was made from, as it was when the rollout was created (its body is pinned on the rollout).</summary>
public sealed record RolloutTemplateView(Guid Id, string Name, int Version);

/// <summary>A rollout without its devices, for lists. <c>kind</c>: "gateway" or "node"; <c>template</c>: null when the body was given.</summary>
public sealed record RolloutSummaryView(Guid Id, string Name, string Message, string Author, string Status, int Wave, DeviceKind Kind, RolloutTemplateView? Template,
    Guid? SiteId, string? Labels, int CanaryPercent, int[] Waves, int SoakSeconds, int StaleFactor, int HeartbeatTimeoutSeconds, long DeclaredIntervalMs,
    string? HaltReason, DateTime StartedAt, DateTime UpdatedAt, DateTime? FinishedAt)
{
    public static RolloutSummaryView Of(RolloutRow r) => new(r.Id, r.Name, r.Message, r.Author, RolloutRunner.Word(r.Status), r.Wave, r.Kind,
        r.TemplateId is { } id ? new RolloutTemplateView(id, r.TemplateName ?? "", r.TemplateVersion ?? 0) : null, r.SiteId, r.LabelSelector,
        r.CanaryPercent, RolloutRunner.WavesOf(r.Waves), r.SoakSeconds, r.StaleFactor, r.HeartbeatTimeoutSeconds, r.DeclaredIntervalMs, r.HaltReason,
        r.StartedAt, r.UpdatedAt, r.FinishedAt);
}

/// <summary>
/// One device a rollout took in: its wave, when it was assigned and applied, its drift state now, and its
/// <c>outcome</c>: "sent" (its desired config is the rollout's), "waiting" (not sent yet), "held" (its config was
/// refused in the canary wave, which halted the rollout; tried again on resume) or "skipped" (refused after the canary:
/// left out, keeps its old config); <c>reason</c> says why for held and skipped.
/// </summary>
public sealed record RolloutDeviceView(Guid DeviceId, string Name, int Wave, DateTime AssignedAt, DateTime? AppliedAt, string Drift,
    int? DesiredRevision, int? ReportedRevision, string? ReportedStatus, string? ReportedReason, string Outcome, string? Reason);

/// <summary>A rollout with its devices and a count of them per drift state.</summary>
public sealed record RolloutView(RolloutSummaryView Rollout, IReadOnlyList<RolloutDeviceView> Devices, IReadOnlyDictionary<string, int> Summary);
