namespace EdgeSensors.Fleet.Configs.Revisions;

/// <summary>Where a revision stands. Only an active revision is delivered or rolled out.</summary>
public enum RevisionState
{
    /// <summary>Accepted and in force: it may be delivered and rolled out.</summary>
    Active,

    /// <summary>Alarm-impacting: waits for two approvals by distinct users, neither its author.</summary>
    PendingApproval,
}
