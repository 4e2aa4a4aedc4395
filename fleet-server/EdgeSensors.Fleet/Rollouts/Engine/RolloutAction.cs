using EdgeSensors.Fleet.Configs.Delivery;

namespace EdgeSensors.Fleet.Rollouts.Engine;

/// <summary>What the host must do after a step.</summary>
public abstract record RolloutAction(string DeviceId);

/// <summary>Publish the rollout's config to the device (a new delivery revision).</summary>
public sealed record SendTarget(string DeviceId) : RolloutAction(DeviceId);

/// <summary>Publish again what the device had before the rollout (a new delivery revision with that body).</summary>
public sealed record RestorePrevious(string DeviceId, DesiredConfig Previous) : RolloutAction(DeviceId);

/// <summary>One line for the audit log: what the engine or a user did to the rollout.</summary>
public sealed record RolloutEvent(string Kind, string? DeviceId, string Message);

/// <summary>The result of a step or a command: the new state, the actions to carry out and the events to audit.</summary>
public sealed record RolloutStep(RolloutState State, IReadOnlyList<RolloutAction> Actions, IReadOnlyList<RolloutEvent> Events);
