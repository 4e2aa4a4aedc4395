namespace EdgeSensors.Fleet.Rollouts.Engine;

/// <summary>
/// How a rollout proceeds. Wave 0 is the canary, <see cref="CanaryPercent"/> % of the matching devices (at least one);
/// then each entry of <see cref="Waves"/> is a cumulative percentage (e.g. 25, 50, 100; the last is 100). A wave
/// starts when every device so far has applied the config and stayed healthy for <see cref="Soak"/>.
/// </summary>
public sealed record RolloutPlan
{
    public required int CanaryPercent { get; init; }

    public required IReadOnlyList<int> Waves { get; init; }

    /// <summary>How long a wave must run healthy after its last device applied, before the next wave starts.</summary>
    public required TimeSpan Soak { get; init; }

    /// <summary>k: a device is stale when no telemetry came within k times its declared interval after it applied.</summary>
    public int StaleFactor { get; init; } = 3;

    /// <summary>How long after applying a device's alarm-evaluator heartbeat may stay still before the rollout halts.</summary>
    public TimeSpan HeartbeatTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Every problem with the plan, each naming the field and the fix; empty when valid.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (CanaryPercent is < 1 or > 100)
        {
            problems.Add($"canary_percent {CanaryPercent} is outside 1-100 %");
        }

        if (Waves.Count == 0 || Waves[^1] != 100)
        {
            problems.Add("waves must end with 100 (%), so that every matching device is reached");
        }

        for (int i = 0; i < Waves.Count; i++)
        {
            int previous = i == 0 ? CanaryPercent : Waves[i - 1];
            if (Waves[i] <= previous || Waves[i] > 100)
            {
                problems.Add($"waves[{i}] {Waves[i]} % must be above {previous} % and at most 100 %");
            }
        }

        if (Soak < TimeSpan.Zero)
        {
            problems.Add("soak_s must be 0 s or more");
        }

        if (StaleFactor < 1)
        {
            problems.Add("stale_factor must be at least 1");
        }

        if (HeartbeatTimeout <= TimeSpan.Zero)
        {
            problems.Add("heartbeat_timeout_s must be more than 0 s");
        }

        return problems;
    }

    /// <summary>The cumulative percentage wave <paramref name="wave"/> reaches (0 is the canary).</summary>
    public int Percent(int wave) => wave == 0 ? CanaryPercent : Waves[wave - 1];

    /// <summary>Index of the last wave.</summary>
    public int LastWave => Waves.Count;
}
