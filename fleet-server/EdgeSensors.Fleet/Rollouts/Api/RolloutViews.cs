using EdgeSensors.Fleet.Rollouts.Storage;

namespace EdgeSensors.Fleet.Rollouts.Api;

/// <summary>
/// A new rollout: the gateway config every targeted device gets (with its own gateway.id), the target (a site, a label
/// selector "k=v,k2", or both; at least one), and the plan: canary %, cumulative wave % ending with 100, soak, k for
/// staleness and the alarm-heartbeat timeout.
/// </summary>
public sealed record RolloutRequest(string Name, string Message, string Body, int CanaryPercent, int[] Waves, Guid? SiteId = null, string? Labels = null,
    int SoakSeconds = 60, int StaleFactor = 3, int HeartbeatTimeoutSeconds = 30);

/// <summary>A rollout without its devices, for lists.</summary>
public sealed record RolloutSummaryView(Guid Id, string Name, string Message, string Author, string Status, int Wave, Guid? SiteId, string? Labels,
    int CanaryPercent, int[] Waves, int SoakSeconds, int StaleFactor, int HeartbeatTimeoutSeconds, long DeclaredIntervalMs, string? HaltReason,
    DateTime StartedAt, DateTime UpdatedAt, DateTime? FinishedAt)
{
    public static RolloutSummaryView Of(RolloutRow r) => new(r.Id, r.Name, r.Message, r.Author, RolloutRunner.Word(r.Status), r.Wave, r.SiteId, r.LabelSelector,
        r.CanaryPercent, RolloutRunner.WavesOf(r.Waves), r.SoakSeconds, r.StaleFactor, r.HeartbeatTimeoutSeconds, r.DeclaredIntervalMs, r.HaltReason,
        r.StartedAt, r.UpdatedAt, r.FinishedAt);
}

/// <summary>One device a rollout took in: its wave, when it was assigned and applied, and its drift state now.</summary>
public sealed record RolloutDeviceView(Guid DeviceId, string Name, int Wave, DateTime AssignedAt, DateTime? AppliedAt, string Drift,
    int? DesiredRevision, int? ReportedRevision, string? ReportedStatus, string? ReportedReason);

/// <summary>A rollout with its devices and a count of them per drift state.</summary>
public sealed record RolloutView(RolloutSummaryView Rollout, IReadOnlyList<RolloutDeviceView> Devices, IReadOnlyDictionary<string, int> Summary);
