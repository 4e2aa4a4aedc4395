using EdgeSensors.Fleet.Configs.Delivery;

namespace EdgeSensors.Fleet.Rollouts.Engine;

/// <summary>
/// A device the rollout has taken in: its wave, when, what it had before (for rollback), and when it was first seen
/// applying the rollout's config (null until then).
/// </summary>
public sealed record DeviceAssignment(string DeviceId, int Wave, DateTimeOffset AssignedAt, DesiredConfig? Previous, DateTimeOffset? AppliedAt = null);
