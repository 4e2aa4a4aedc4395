using EdgeSensors.Fleet.Configs.Safety;
using EdgeSensors.Fleet.Configs.Validation;
using EdgeSensors.Gateway.Configuration.Model;

namespace EdgeSensors.Fleet.Configs.Revisions;

/// <summary>
/// Decides a gateway config submission in <see cref="RevisionDecision"/>'s order, with the gateway loader (422) and
/// the gateway safety rules.
/// </summary>
public sealed class RevisionPolicy(ConfigValidator validator)
{
    /// <param name="submission">The new body and its author's claims.</param>
    /// <param name="latest">The newest revision number of this config (0 when none); the parent must be it.</param>
    /// <param name="activeBody">The body of the revision in force (null when none): safety rules compare with it.</param>
    /// <param name="tanks">Overfill levels of the tanks this config's level tags watch.</param>
    public SubmissionOutcome Decide(Submission submission, int latest, string? activeBody, IReadOnlyList<TankOverfill> tanks)
    {
        var (verdict, proposed, problems) = RevisionDecision.Decide<SiteConfig>(
            submission, latest, activeBody, validator.Validate, (active, next) => SafetyRules.Check(active, next, tanks));
        return new SubmissionOutcome(verdict, proposed, problems);
    }
}
