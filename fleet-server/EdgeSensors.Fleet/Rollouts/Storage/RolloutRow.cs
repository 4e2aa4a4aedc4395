using EdgeSensors.Fleet.Data.Entities;
using EdgeSensors.Fleet.Rollouts.Engine;

namespace EdgeSensors.Fleet.Rollouts.Storage;

/// <summary>
/// One rollout: what it sends (a config body of one device kind, or a stored template pinned at creation; each device
/// gets it with its own identity and, from a template, its overrides), to whom (devices of <see cref="Kind"/> matching a
/// site and/or a label selector, re-evaluated at every step so devices enrolled later join), how (the plan), and where
/// it stands (the engine's <see cref="RolloutState"/> without the assignments, which are <see cref="RolloutDeviceRow"/>s).
/// </summary>
public sealed class RolloutRow : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public required string Name { get; set; }
    public required string Message { get; set; }
    public required string Author { get; set; }

    /// <summary>Which devices it targets and which schema <see cref="Body"/> follows: gateways (YAML site config) or nodes (JSON document).</summary>
    public DeviceKind Kind { get; set; } = DeviceKind.Gateway;

    /// <summary>
    /// The config every targeted device gets, with its own identity (gateway.id, or the node's "node"). For a template
    /// rollout, the template's body as it was at creation (pinned: later edits of the template do not change it),
    /// merged with each device's overrides when the device is sent its config.
    /// </summary>
    public required string Body { get; set; }

    /// <summary>The template the body was taken from (null: the body was given), with its name and version at creation.</summary>
    public Guid? TemplateId { get; set; }
    public string? TemplateName { get; set; }
    public int? TemplateVersion { get; set; }
    public Guid? SiteId { get; set; }

    /// <summary>A label selector "k=v,k2" (every term must hold), or null.</summary>
    public string? LabelSelector { get; set; }
    public int CanaryPercent { get; set; }

    /// <summary>Cumulative wave percentages after the canary, comma separated ("50,100").</summary>
    public required string Waves { get; set; }
    public int SoakSeconds { get; set; }
    public int StaleFactor { get; set; }
    public int HeartbeatTimeoutSeconds { get; set; }

    /// <summary>The telemetry interval the config declares (its shortest tag heartbeat, at least the poll interval), in ms.</summary>
    public long DeclaredIntervalMs { get; set; }
    public RolloutStatus Status { get; set; }
    public int Wave { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime WaveStartedAt { get; set; }
    public string? HaltReason { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
}

/// <summary>A device a rollout has taken in: its wave, when, what it had before (for rollback), and when it applied.</summary>
public sealed class RolloutDeviceRow : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid TenantId { get; set; }
    public Guid RolloutId { get; set; }
    public Guid DeviceId { get; set; }

    /// <summary>The device id on the wire (its MQTT id and topic level), the engine's key.</summary>
    public required string DeviceName { get; set; }
    public int Wave { get; set; }
    public DateTime AssignedAt { get; set; }
    public DateTime? AppliedAt { get; set; }

    /// <summary>The device's desired config before the rollout (delivery revision, sha256, the revision row to restore), or nulls.</summary>
    public int? PreviousRevision { get; set; }
    public string? PreviousSha256 { get; set; }
    public Guid? PreviousConfigRevisionId { get; set; }

    /// <summary>The sha256 of the config this device was sent (pinned when sent, so later override edits do not change it), or null.</summary>
    public string? TargetSha256 { get; set; }

    /// <summary>True when the device was left out: its config was refused (invalid or unsafe) in a wave after the canary. <see cref="Reason"/> says why.</summary>
    public bool Skipped { get; set; }

    /// <summary>Why the device's config was refused (skipped, or held while a canary halts the rollout); null when it was not.</summary>
    public string? Reason { get; set; }
}

/// <summary>
/// What the MQTT consumer last saw of a device, for the rollout's health checks: its last telemetry, its last status and
/// the alarm-evaluator heartbeat (when status.alarm_evaluations last changed).
/// </summary>
public sealed class DeviceActivityRow : ITenantOwned
{
    public Guid DeviceId { get; set; }
    public Guid TenantId { get; set; }
    public DateTime? LastTelemetryAt { get; set; }
    public DateTime? LastStatusAt { get; set; }
    public long? AlarmEvaluations { get; set; }
    public DateTime? AlarmHeartbeatAt { get; set; }
}
