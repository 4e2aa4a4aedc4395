using EdgeSensors.Fleet.Configs.Safety;
using EdgeSensors.Fleet.Configs.Validation;
using EdgeSensors.Node.Config;

namespace EdgeSensors.Fleet.Configs.Revisions;

/// <summary>
/// <see cref="RevisionPolicy"/> for a node's config: stale parent (409), the firmware's parser (422), then the node
/// safety rules against the active revision, with the same alarm-impacting and approval flow.
/// </summary>
public sealed class NodeRevisionPolicy(NodeConfigValidator validator)
{
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

        NodeConfig? proposed = validator.Validate(submission.Body, out IReadOnlyList<ConfigProblem> errors);
        if (proposed is null)
        {
            return new SubmissionOutcome(SubmissionVerdict.Invalid, null, errors);
        }

        NodeConfig? active = activeBody is null ? null : validator.Validate(activeBody, out _);
        IReadOnlyList<ConfigProblem> violations = NodeSafetyRules.Check(active, proposed, tanks);
        if (violations.Count > 0 && !submission.AlarmImpacting)
        {
            return new SubmissionOutcome(SubmissionVerdict.Unsafe, null, violations);
        }

        return new SubmissionOutcome(submission.AlarmImpacting ? SubmissionVerdict.PendingApproval : SubmissionVerdict.Active, null, violations);
    }
}
