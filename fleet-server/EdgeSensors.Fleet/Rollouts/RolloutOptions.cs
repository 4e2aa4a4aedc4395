namespace EdgeSensors.Fleet.Rollouts;

/// <summary>Section "Fleet:Rollouts" (docs/config-rollout.md).</summary>
public sealed class RolloutOptions
{
    public const string Section = "Fleet:Rollouts";

    /// <summary>Run the rollout engine in this instance (when it holds the engine lock). Default true.</summary>
    public bool EngineEnabled { get; set; } = true;

    /// <summary>How often the engine steps every running rollout, in ms (default 2000).</summary>
    public int StepIntervalMs { get; set; } = 2000;

    /// <summary>A device sent the rollout's config this long ago (s) without a report on it is sent it again (default 120).</summary>
    public int RepublishAfterSeconds { get; set; } = 120;

    /// <summary>How many sealed configs one step publishes at the same time (default 64).</summary>
    public int PublishConcurrency { get; set; } = 64;
}
