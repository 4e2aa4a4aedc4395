using EdgeSensors.Fleet.Configs.Delivery;

namespace EdgeSensors.Fleet.Rollouts.Engine;

/// <summary>
/// A device the rollout has taken in: its wave, when, what it had before (for rollback), when it was first seen
/// applying the rollout's config (null until then), and, when its config was refused after the canary, why it was
/// skipped (it keeps its old config and counts as settled).
/// </summary>
public sealed record DeviceAssignment(string DeviceId, int Wave, DateTimeOffset AssignedAt, DesiredConfig? Previous, DateTimeOffset? AppliedAt = null,
    string? SkippedReason = null)
{
    public bool Skipped => SkippedReason is not null;
}
