using EdgeSensors.Fleet.Configs.Validation;
using EdgeSensors.Gateway.Configuration.Model;

namespace EdgeSensors.Fleet.Configs.Revisions;

/// <summary>What happened to a submission: which HTTP answer it maps to.</summary>
public enum SubmissionVerdict
{
    /// <summary>Accepted; active at once (201).</summary>
    Active,

    /// <summary>Accepted as alarm-impacting; waits for two approvals (201).</summary>
    PendingApproval,

    /// <summary>The parent is not the latest revision any more (409).</summary>
    Stale,

    /// <summary>The gateway loader refused it (422 with every error and its path).</summary>
    Invalid,

    /// <summary>Valid, but breaks a safety rule and is not marked alarm-impacting (422 with the rule and path).</summary>
    Unsafe,
}

/// <summary>The verdict, the typed config when valid, and the problems (validation errors or safety violations).</summary>
public sealed record SubmissionOutcome(SubmissionVerdict Verdict, SiteConfig? Config, IReadOnlyList<ConfigProblem> Problems)
{
    public bool Accepted => Verdict is SubmissionVerdict.Active or SubmissionVerdict.PendingApproval;
}
