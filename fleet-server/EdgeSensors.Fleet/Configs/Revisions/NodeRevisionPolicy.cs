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
        // The outcome carries no typed config for nodes: only gateway configs are read back from it.
        var (verdict, _, problems) = RevisionDecision.Decide<NodeConfig>(
            submission, latest, activeBody, validator.Validate, (active, next) => NodeSafetyRules.Check(active, next, tanks));
        return new SubmissionOutcome(verdict, null, problems);
    }
}
