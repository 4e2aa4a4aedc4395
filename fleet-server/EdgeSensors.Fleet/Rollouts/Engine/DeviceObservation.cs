using EdgeSensors.Fleet.Configs.Delivery;

namespace EdgeSensors.Fleet.Rollouts.Engine;

/// <summary>
/// What the server knows of one device at a step. <see cref="TargetSha"/> is the sha256 of the rollout's config for
/// this device (template plus its overrides); <see cref="Desired"/> what was last published to it and
/// <see cref="Reported"/> its last report. <see cref="AlarmHeartbeatAt"/> is when its alarm-evaluator heartbeat last
/// advanced (see docs/config-rollout.md); <see cref="LastTelemetryAt"/> its last telemetry message.
/// </summary>
public sealed record DeviceObservation
{
    public required string DeviceId { get; init; }

    /// <summary>True when the device matches the rollout's selector now (devices enrolled after the start included).</summary>
    public required bool Matches { get; init; }

    public required string TargetSha { get; init; }

    public DesiredConfig? Desired { get; init; }

    public ConfigReport? Reported { get; init; }

    public DateTimeOffset? LastTelemetryAt { get; init; }

    /// <summary>The device's declared telemetry interval (its shortest heartbeat or poll interval).</summary>
    public TimeSpan DeclaredInterval { get; init; } = TimeSpan.FromMinutes(1);

    public DateTimeOffset? AlarmHeartbeatAt { get; init; }

    /// <summary>True when what was last published to the device is the rollout's config.</summary>
    public bool Sent => Desired is not null && Desired.Sha256 == TargetSha;

    /// <summary>
    /// True when the device reports running the rollout's config: applied, or refused as "revision not newer" with the
    /// same hash (a resend of what it already runs, from a device that reports such a redelivery instead of staying quiet).
    /// </summary>
    public bool Applied => Reported is { } r && r.Runs(TargetSha);

    /// <summary>True when the device rejected the rollout's config, the revision it was last sent.</summary>
    public bool Rejected => Sent && Reported is { IsApplied: false } r && r.Revision == Desired!.Revision && !r.Runs(TargetSha);
}
