using System.Collections.Immutable;

namespace EdgeSensors.Fleet.Rollouts.Engine;

/// <summary>Everything the engine needs to continue a rollout: persisted between steps, replaced (never mutated) by each.</summary>
public sealed record RolloutState
{
    public required string Id { get; init; }

    public required RolloutPlan Plan { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public RolloutStatus Status { get; init; } = RolloutStatus.Running;

    /// <summary>0 for the canary, then 1..Plan.LastWave.</summary>
    public int Wave { get; init; }

    public DateTimeOffset WaveStartedAt { get; init; }

    public ImmutableArray<DeviceAssignment> Assignments { get; init; } = [];

    /// <summary>Why it halted (the device and the cause), or null.</summary>
    public string? HaltReason { get; init; }

    /// <summary>A new rollout, in its canary wave, with no device assigned yet (the first step assigns them).</summary>
    public static RolloutState Start(string id, RolloutPlan plan, DateTimeOffset now) =>
        new() { Id = id, Plan = plan, StartedAt = now, WaveStartedAt = now };

    public bool IsTerminal => Status is RolloutStatus.Completed or RolloutStatus.RolledBack;
}
