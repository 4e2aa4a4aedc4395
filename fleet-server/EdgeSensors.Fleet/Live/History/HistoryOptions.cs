namespace EdgeSensors.Fleet.Live.History;

/// <summary>Section "Fleet:History": how long alarm events are kept and how the pruning job runs.</summary>
public sealed class HistoryOptions
{
    public const string Section = "Fleet:History";

    /// <summary>
    /// The record-keeping rule for major hazard sources of hazardous chemicals: electronic records are kept at least
    /// 30 days (/work/shared/DOMAIN.md, the interim provisions on supervising major hazard sources).
    /// </summary>
    public const int MinimumRetentionDays = 30;

    /// <summary>Days an alarm event is kept after it happened and after it was received (default 90, at least 30).</summary>
    public int AlarmRetentionDays { get; set; } = 90;

    /// <summary>Seconds between two pruning passes (default 3600).</summary>
    public int PruneIntervalSeconds { get; set; } = 3600;

    /// <summary>Rows deleted per statement by a pruning pass (default 1000), so a large backlog never holds one long transaction.</summary>
    public int PruneBatchSize { get; set; } = 1000;

    /// <summary>Throws, naming the key and the fix, when a value would break the record-keeping rule or the job.</summary>
    public void Validate()
    {
        if (AlarmRetentionDays < MinimumRetentionDays)
        {
            throw new InvalidOperationException(
                $"{Section}:AlarmRetentionDays is {AlarmRetentionDays} days, but alarm records must be kept at least {MinimumRetentionDays} days "
                + "(record-keeping rule for major hazard sources: electronic records kept at least 30 days). "
                + $"fix: set {Section}:AlarmRetentionDays to {MinimumRetentionDays} or more (default 90), or remove the setting.");
        }

        if (PruneIntervalSeconds < 1)
        {
            throw new InvalidOperationException($"{Section}:PruneIntervalSeconds is {PruneIntervalSeconds}; fix: set it to 1 or more seconds (default 3600).");
        }

        if (PruneBatchSize is < 1 or > 100_000)
        {
            throw new InvalidOperationException($"{Section}:PruneBatchSize is {PruneBatchSize}; fix: set it between 1 and 100000 rows (default 1000).");
        }
    }
}
