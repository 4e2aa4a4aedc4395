namespace EdgeSensors.Fleet.Rollouts.Engine;

/// <summary>A rollout's life: running through its waves, stopped by a person or by a failing device, or finished.</summary>
public enum RolloutStatus
{
    /// <summary>Assigning devices to the current wave, sending, watching.</summary>
    Running,

    /// <summary>Stopped by a user; nothing new is sent until resume.</summary>
    Paused,

    /// <summary>Stopped by a failing device (rejected, stale, or alarm heartbeat lost); resume or roll back.</summary>
    Halted,

    /// <summary>Every wave applied and soaked. Terminal.</summary>
    Completed,

    /// <summary>Every device it reached was sent its previous config again. Terminal.</summary>
    RolledBack,
}
