namespace EdgeSensors.Fleet.Rollouts.Engine;

/// <summary>A pause, resume or rollback that does not fit the rollout's state (409); the message says which states allow it.</summary>
public sealed class RolloutCommandException(string message) : Exception(message);
