using EdgeSensors.Fleet.Configs.Safety;
using EdgeSensors.Fleet.Configs.Validation;
using EdgeSensors.Gateway.Configuration.Model;

namespace EdgeSensors.Fleet.Configs.Revisions;

/// <summary>
/// Decides a submission: stale parent first (409), then the gateway loader (422), then the safety rules against the
/// active revision. A safety violation is accepted only when the author marked the change alarm-impacting, and then
/// waits for approval; so does any change its author marks alarm-impacting.
/// </summary>
public sealed class RevisionPolicy(ConfigValidator validator)
{
    /// <param name="submission">The new body and its author's claims.</param>
    /// <param name="latest">The newest revision number of this config (0 when none); the parent must be it.</param>
    /// <param name="activeBody">The body of the revision in force (null when none): safety rules compare with it.</param>
    /// <param name="tanks">Overfill levels of the tanks this config's level tags watch.</param>
    public SubmissionOutcome Decide(Submission submission, int latest, string? activeBody, IReadOnlyList<TankOverfill> tanks)
    {
        if (submission.ExpectedParent != latest)
        {
            return new SubmissionOutcome(SubmissionVerdict.Stale, null,
            [
                new ConfigProblem("stale_parent", "parent",
                    $"revision {submission.ExpectedParent} is not the latest; revision {latest} is",
                    $"fetch revision {latest}, apply your change to it and submit with parent {latest}"),
            ]);
        }

        SiteConfig? proposed = validator.Validate(submission.Body, out IReadOnlyList<ConfigProblem> errors);
        if (proposed is null)
        {
            return new SubmissionOutcome(SubmissionVerdict.Invalid, null, errors);
        }

        SiteConfig? active = activeBody is null ? null : validator.Validate(activeBody, out _);
        IReadOnlyList<ConfigProblem> violations = SafetyRules.Check(active, proposed, tanks);
        if (violations.Count > 0 && !submission.AlarmImpacting)
        {
            return new SubmissionOutcome(SubmissionVerdict.Unsafe, proposed, violations);
        }

        return new SubmissionOutcome(submission.AlarmImpacting ? SubmissionVerdict.PendingApproval : SubmissionVerdict.Active, proposed, violations);
    }
}
